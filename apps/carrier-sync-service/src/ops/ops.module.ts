import { Module } from '@nestjs/common';
import { CarrierHealthQuery } from './carrier-health.query';
import { OpsHttpController } from './ops.http.controller';

@Module({ controllers: [OpsHttpController], providers: [CarrierHealthQuery] })
export class OpsModule {}
