import type { ConsumedEvent, EventBatchHandler, SqlExecutor } from '../../src';
import { parcelScannedContract, type ParcelScanned } from './test-event';

/** The test's "effect" table: deliberately without a unique key, so a double application would show. */
export const effectsTableSql = (schema: string) => [`CREATE TABLE "${schema}".effects (event_id text NOT NULL, key text NOT NULL, seq int NOT NULL)`];

/** Writes one effects row per event, set-based; fails for the seqs in `failFor`; waits `delayMs` per run. */
export function effectsHandler(
  schema: string,
  topic: string,
  opts: { delayMs?: number; failFor?: Set<number>; calls?: Map<number, number> } = {},
): EventBatchHandler<ParcelScanned> {
  return {
    contract: parcelScannedContract(topic),
    async handle(events: ConsumedEvent<ParcelScanned>[], tx: SqlExecutor) {
      for (const e of events) opts.calls?.set(e.payload.seq, (opts.calls.get(e.payload.seq) ?? 0) + 1);
      const poison = events.find((e) => opts.failFor?.has(e.payload.seq));
      if (poison) throw new Error(`cannot apply seq ${poison.payload.seq}`);
      await tx.query(`INSERT INTO "${schema}".effects (event_id, key, seq) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`, [
        events.map((e) => e.id),
        events.map((e) => e.payload.key),
        events.map((e) => e.payload.seq),
      ]);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    },
  };
}
