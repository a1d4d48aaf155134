import { randomUUID } from 'node:crypto';
import type { TransactionalDb } from '../consumer/consumed-event';
import { appendRecordedMessages } from '../outbox/outbox-writer';
import { quoteSchema } from '../schema/messaging-tables';
import { rowsOf, type SqlExecutor } from '../sql-executor';

/** What a consumer records when it gives up on a message (the same facts as the dead-letter topic's headers). */
export interface DeadLetterRecord {
  consumerGroup: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  key: string | null;
  /** the message's own headers (CloudEvents, trace), without the consumer's bookkeeping */
  headers: Record<string, string>;
  /** the raw value */
  payload: Buffer | null;
  reason: string;
  lastError: string;
  attempts: number;
  failedAt: Date;
}

export interface DeadLetter extends DeadLetterRecord {
  /** a UUID, unique in the schema */
  id: string;
  replayedAt: Date | null;
  replayCount: number;
}

/** The position after a listed dead letter (newest first). */
export interface DeadLetterCursor {
  failedAt: string;
  id: string;
}

/** Only JSON values can go through the outbox again; a value that is not JSON would be refused again anyway. */
export class DeadLetterNotReplayableError extends Error {
  constructor(readonly deadLetterId: string, reason: string) {
    super(`dead letter ${deadLetterId} cannot be replayed: ${reason}`);
    this.name = 'DeadLetterNotReplayableError';
  }
}

/** Header a replayed message carries: the dead letter it came from. */
export const REPLAY_OF_HEADER = 'x-replay-of';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface DeadLetterRow {
  id: string;
  consumer_group: string;
  original_topic: string;
  original_partition: number;
  original_offset: string;
  message_key: string | null;
  headers: Record<string, string>;
  payload: Buffer | null;
  reason: string;
  last_error: string;
  attempts: number;
  failed_at: Date;
  replayed_at: Date | null;
  replay_count: number;
}

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: r.id,
  consumerGroup: r.consumer_group,
  originalTopic: r.original_topic,
  originalPartition: r.original_partition,
  originalOffset: String(r.original_offset),
  key: r.message_key,
  headers: r.headers,
  payload: r.payload,
  reason: r.reason,
  lastError: r.last_error,
  attempts: r.attempts,
  failedAt: r.failed_at,
  replayedAt: r.replayed_at,
  replayCount: r.replay_count,
});

/**
 * The `dead_letter` table of a service's schema: the consumer records into it before it publishes to the
 * dead-letter topic (idempotent on the message's origin), ops list and replay from it. A replay appends the
 * original message (same key, headers with `ce_id`, value) to the outbox for its original topic, in the same
 * transaction that counts the replay.
 */
export class DeadLetterStore {
  private readonly table: string;

  constructor(private readonly schema: string) {
    this.table = `${quoteSchema(schema)}.dead_letter`;
  }

  /** One INSERT for all; a record whose origin is already there (a redelivered dead letter) is left as it is. */
  async record(db: SqlExecutor, records: DeadLetterRecord[]): Promise<void> {
    if (records.length === 0) return;
    await db.query(
      `INSERT INTO ${this.table} (id, consumer_group, original_topic, original_partition, original_offset, message_key, headers,
                                  payload, reason, last_error, attempts, failed_at)
       SELECT id, grp, topic, part, off, k, h, decode(p, 'base64'), reason, err, attempts, at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[], $7::jsonb[],
                     $8::text[], $9::text[], $10::text[], $11::int[], $12::timestamptz[])
           AS r(id, grp, topic, part, off, k, h, p, reason, err, attempts, at)
       ON CONFLICT ON CONSTRAINT dead_letter_origin_key DO NOTHING`,
      [
        records.map(() => randomUUID()),
        records.map((r) => text(r.consumerGroup)),
        records.map((r) => text(r.originalTopic)),
        records.map((r) => (Number.isInteger(r.originalPartition) ? r.originalPartition : -1)),
        records.map((r) => (/^-?\d{1,19}$/.test(r.originalOffset) ? r.originalOffset : '-1')),
        records.map((r) => (r.key === null ? null : text(r.key))),
        records.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [text(k), text(v)])))),
        records.map((r) => (r.payload ? r.payload.toString('base64') : null)),
        records.map((r) => text(r.reason)),
        records.map((r) => text(r.lastError)),
        records.map((r) => r.attempts),
        records.map((r) => r.failedAt.toISOString()),
      ],
    );
  }

  /** Newest first, keyset-paginated on (failed_at, id). */
  async list(db: SqlExecutor, limit: number, after?: DeadLetterCursor): Promise<DeadLetter[]> {
    const rows = rowsOf<DeadLetterRow>(
      await db.query(
        `SELECT * FROM ${this.table}
          WHERE $1::timestamptz IS NULL OR (failed_at, id) < ($1::timestamptz, $2::uuid)
          ORDER BY failed_at DESC, id DESC
          LIMIT $3`,
        [after?.failedAt ?? null, after?.id ?? null, limit],
      ),
    );
    return rows.map(toDeadLetter);
  }

  async find(db: SqlExecutor, id: string): Promise<DeadLetter | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = rowsOf<DeadLetterRow>(await db.query(`SELECT * FROM ${this.table} WHERE id = $1`, [id]));
    return row ? toDeadLetter(row) : undefined;
  }

  /**
   * Sends the message again to its original topic through the outbox, and counts the replay, in one
   * transaction. Undefined when there is no such dead letter. Replaying again is allowed (and counted).
   */
  async replay(db: TransactionalDb, id: string): Promise<DeadLetter | undefined> {
    if (!UUID.test(id)) return undefined;
    return db.transaction(async (tx) => {
      const [row] = rowsOf<DeadLetterRow>(await tx.query(`SELECT * FROM ${this.table} WHERE id = $1 FOR UPDATE`, [id]));
      if (!row) return undefined;
      const payload = jsonText(row.payload);
      if (payload === undefined) throw new DeadLetterNotReplayableError(id, 'its value is not JSON');
      await appendRecordedMessages(tx, this.schema, [
        { topic: row.original_topic, key: row.message_key ?? '', headers: { ...row.headers, [REPLAY_OF_HEADER]: id }, payload },
      ]);
      const [updated] = rowsOf<DeadLetterRow>(
        await tx.query(`UPDATE ${this.table} SET replay_count = replay_count + 1, replayed_at = now() WHERE id = $1 RETURNING *`, [id]),
      );
      return toDeadLetter(updated);
    });
  }
}

/**
 * Postgres text and jsonb refuse NUL characters; a message carrying one must not turn its dead letter into an
 * insert that fails forever (the consumer retries a failed insert in place).
 */
function text(value: string): string {
  return value.replaceAll('\u0000', '\uFFFD');
}

function jsonText(value: Buffer | null): string | undefined {
  if (!value || value.length === 0) return undefined;
  const text = value.toString('utf8');
  try {
    JSON.parse(text);
    return text;
  } catch {
    return undefined;
  }
}
