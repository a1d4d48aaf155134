import { Module } from '@nestjs/common';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IdempotentExecution } from './idempotent-execution';

@Module({
  providers: [IdempotencyKeysRepository, IdempotentExecution],
  exports: [IdempotentExecution],
})
export class IdempotencyModule {}
