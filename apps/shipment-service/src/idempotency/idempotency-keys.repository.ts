import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';

export type IdempotencyClaim =
  | { kind: 'fresh' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' };

/** The Idempotency-Key store (`shipments.idempotency_keys`). */
@Injectable()
export class IdempotencyKeysRepository {
  /**
   * Claims the key inside the caller's transaction. The INSERT waits for a concurrent transaction holding
   * the same key; once that one commits, this one sees its answer (a rolled-back one leaves the key free).
   */
  async claim(tx: SqlExecutor, scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const inserted = rowsOf<{ scope: string }>(
      await tx.query(
        `INSERT INTO shipments.idempotency_keys (scope, idempotency_key, request_fingerprint) VALUES ($1, $2, $3)
         ON CONFLICT (scope, idempotency_key) DO NOTHING RETURNING scope`,
        [scope, key, fingerprint],
      ),
    );
    if (inserted.length > 0) return { kind: 'fresh' };
    const [stored] = rowsOf<{ request_fingerprint: string; response_status: number; response_body: unknown }>(
      await tx.query(
        `SELECT request_fingerprint, response_status, response_body FROM shipments.idempotency_keys WHERE scope = $1 AND idempotency_key = $2`,
        [scope, key],
      ),
    );
    if (!stored || stored.request_fingerprint !== fingerprint) return { kind: 'mismatch' };
    return { kind: 'replay', status: stored.response_status, body: stored.response_body };
  }

  async answer(tx: SqlExecutor, scope: string, key: string, status: number, body: unknown): Promise<void> {
    await tx.query(
      `UPDATE shipments.idempotency_keys SET response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND idempotency_key = $2`,
      [scope, key, status, JSON.stringify(body)],
    );
  }
}
