import { Module } from '@nestjs/common';
import { RenormalizeUseCase } from './renormalize.use-case';

@Module({ providers: [RenormalizeUseCase], exports: [RenormalizeUseCase] })
export class ArchiveModule {}
