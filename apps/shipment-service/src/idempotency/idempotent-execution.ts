import { ConflictException, Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@parcelstream/messaging';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { requestFingerprint } from './request-fingerprint';

export interface IdempotentRequest {
  /** whose keys these are, e.g. `seller:<id>` */
  scope: string;
  key: string;
  /** method and resource, e.g. `POST /orders/PS-…/shipments` */
  operation: string;
  body: unknown;
}

/**
 * Runs a creating request at most once per Idempotency-Key, inside the transaction that does the work: a
 * retry with the same body gets the first answer, the same key with another body is a 409. A request that
 * fails rolls back its claim, so it can be retried.
 */
@Injectable()
export class IdempotentExecution {
  constructor(private readonly keys: IdempotencyKeysRepository) {}

  async once<T>(tx: SqlExecutor, request: IdempotentRequest | undefined, status: number, work: () => Promise<T>): Promise<{ result: T; replayed: boolean }> {
    if (!request) return { result: await work(), replayed: false };
    const claim = await this.keys.claim(tx, request.scope, request.key, requestFingerprint(request.operation, request.body));
    switch (claim.kind) {
      case 'replay':
        return { result: claim.body as T, replayed: true };
      case 'mismatch':
        throw new ConflictException({
          title: 'Idempotency-Key reused',
          detail: 'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        });
      case 'fresh': {
        const result = await work();
        await this.keys.answer(tx, request.scope, request.key, status, result);
        return { result, replayed: false };
      }
    }
  }
}
