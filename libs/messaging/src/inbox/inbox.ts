import { quoteSchema } from '../schema/messaging-tables';
import { rowsOf, type SqlExecutor } from '../sql-executor';

/**
 * The idempotent inbox: inside the transaction that applies the events' effects, records (consumer, event id)
 * and returns the ids this consumer has not seen before. A redelivered event finds its row and is skipped;
 * a rolled-back transaction takes its inbox rows with it.
 */
export class Inbox {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteSchema(schema)}.inbox`;
  }

  async claim(tx: SqlExecutor, consumer: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = rowsOf<{ event_id: string }>(
      await tx.query(
        `INSERT INTO ${this.table} (consumer, event_id) SELECT $1, unnest($2::text[])
         ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
        [consumer, eventIds],
      ),
    );
    return new Set(rows.map((r) => r.event_id));
  }
}
