import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { KafkaPort, OutgoingMessage } from '../kafka/kafka-port';
import { OUTBOX_SLOTS, quoteSchema } from '../schema/messaging-tables';
import { rowsOf, type SqlExecutor } from '../sql-executor';
import { failSpan, MessagingAttribute, ParcelAttribute, SpanKind, startSpan, traceparentOf, type Span } from '@parcelstream/observability';
import { abortableSleep } from '../abortable-sleep';

export interface OutboxRelayOptions {
  schema: string;
  /** unique per process; default host:pid:random */
  owner?: string;
  batchSize?: number;
  /** idle wait between polls when the outbox is empty */
  pollIntervalMs?: number;
  /** a relay that stops renewing loses its slots after this long */
  leaseTtlMs?: number;
  onError?: (error: unknown) => void;
  onPublished?: (count: number) => void;
}

/**
 * The xid8 below which every transaction that could have written an outbox row of ours has ended: the smallest
 * in-progress transaction id of the snapshot that belongs to a session of this database and role
 * (pg_stat_activity's 32-bit backend_xid matched to the snapshot's 64-bit ids), or the snapshot's xmax when
 * none is running.
 */
export const PUBLISH_HORIZON_SQL = `
  WITH snap AS (SELECT pg_current_snapshot() AS s)
  SELECT coalesce(min(x), pg_snapshot_xmax((SELECT s FROM snap)))
    FROM pg_snapshot_xip((SELECT s FROM snap)) AS x
   WHERE (x::text::bigint % 4294967296) IN (
         SELECT backend_xid::text::bigint FROM pg_stat_activity
          WHERE datname = current_database() AND usename = current_user AND backend_xid IS NOT NULL)`;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: string;
}

/**
 * Publishes committed outbox rows to Kafka, in id order per slot, then deletes them (at-least-once).
 *
 * - The polling-publisher trap: ids are handed out at INSERT, but transactions commit in another order, so a
 *   "last published id" cursor would skip a row that commits late. There is no cursor here, and a row is only
 *   read once every transaction that could still insert a lower id has ended: its transaction id is below
 *   the publish horizon (PUBLISH_HORIZON_SQL): the oldest transaction still running *in this database under this
 *   role* (the only ones that can write this outbox), else the snapshot's xmax. A long transaction of another
 *   service or database on the same server does not hold publishing back (the cluster-wide
 *   `pg_snapshot_xmin` would).
 * - Several relays: the 16 key slots are leased (`outbox_lease`) with a fair share per live relay
 *   (`outbox_relay`), so one slot — and so one key — is published by one relay at a time, in order.
 */
export class OutboxRelay {
  readonly owner: string;
  private readonly s: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly leaseTtlMs: number;
  private ownedSlots: number[] = [];
  private leasesRefreshedAt = 0;
  private running?: Promise<void>;
  private abort = new AbortController();
  private wakeUp?: () => void;
  private wakeRequested = false;
  private stopping = false;

  constructor(
    private readonly db: SqlExecutor,
    private readonly kafka: KafkaPort,
    private readonly options: OutboxRelayOptions,
  ) {
    this.s = quoteSchema(options.schema);
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.leaseTtlMs = options.leaseTtlMs ?? 10_000;
  }

  get slots(): readonly number[] {
    return this.ownedSlots;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.abort = new AbortController();
    this.running = this.loop();
  }

  /** Publish soon: call after a transaction that wrote outbox rows has committed. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /** Stops polling, publishes what is committed (up to `flushTimeoutMs`), and hands the slots back. */
  async stop(flushTimeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.running;
    this.running = undefined;
    if (this.leasesRefreshedAt === 0) return; // never held a slot
    const deadline = Date.now() + flushTimeoutMs;
    try {
      while (Date.now() < deadline && (await this.publishOnce()) > 0) {
        /* flush */
      }
    } catch (e) {
      this.options.onError?.(e);
    }
    await this.releaseAll().catch((e) => this.options.onError?.(e));
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const published = await this.publishOnce();
        failures = 0;
        if (published < this.batchSize) await this.idle(this.pollIntervalMs);
      } catch (e) {
        failures++;
        this.options.onError?.(e);
        await this.idle(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      void abortableSleep(ms, this.abort.signal).then(resolve);
    }).finally(() => {
      this.wakeUp = undefined;
      this.wakeRequested = false;
    });
  }

  /** One round: renew leases if due, publish up to one batch of committed rows. Returns rows published. */
  async publishOnce(): Promise<number> {
    if (Date.now() - this.leasesRefreshedAt > this.leaseTtlMs / 3) await this.refreshLeases();
    if (this.ownedSlots.length === 0) return 0;
    const rows = rowsOf<OutboxRow>(
      await this.db.query(
        `SELECT id, topic, message_key, headers, payload::text AS payload
           FROM ${this.s}.outbox
          WHERE slot = ANY($1::smallint[])
            AND tx_id < (${PUBLISH_HORIZON_SQL})
          ORDER BY id
          LIMIT $2`,
        [this.ownedSlots, this.batchSize],
      ),
    );
    if (rows.length === 0) return 0;
    const spans = rows.map((r) => sendSpan(r));
    const messages: OutgoingMessage[] = rows.map((r, i) => ({ topic: r.topic, key: r.message_key, value: r.payload, headers: { ...r.headers, traceparent: traceparentOf(spans[i]) } }));
    try {
      await this.kafka.publish(messages);
    } catch (e) {
      for (const span of spans) failSpan(span, e);
      throw e;
    } finally {
      for (const span of spans) span.end();
    }
    // a crash here republishes these rows: at-least-once; consumers de-duplicate on ce_id
    await this.db.query(`DELETE FROM ${this.s}.outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    this.options.onPublished?.(rows.length);
    return rows.length;
  }

  /** Renews own leases, then takes or gives back slots so every live relay holds a fair share. */
  async refreshLeases(): Promise<void> {
    const ttl = `${this.leaseTtlMs} milliseconds`;
    await this.db.query(
      `INSERT INTO ${this.s}.outbox_relay (owner, heartbeat_at) VALUES ($1, now())
       ON CONFLICT (owner) DO UPDATE SET heartbeat_at = now()`,
      [this.owner],
    );
    const mine = rowsOf<{ slot: number }>(
      await this.db.query(`UPDATE ${this.s}.outbox_lease SET expires_at = now() + $2::interval WHERE owner = $1 RETURNING slot`, [this.owner, ttl]),
    ).map((r) => r.slot);
    const [{ relays }] = rowsOf<{ relays: number }>(
      await this.db.query(`SELECT count(*)::int AS relays FROM ${this.s}.outbox_relay WHERE heartbeat_at > now() - $1::interval`, [ttl]),
    );
    const fairShare = Math.ceil(OUTBOX_SLOTS / Math.max(1, relays));
    if (mine.length > fairShare) {
      const giveBack = mine.sort((a, b) => a - b).slice(fairShare);
      await this.db.query(`UPDATE ${this.s}.outbox_lease SET owner = NULL, expires_at = '-infinity' WHERE owner = $1 AND slot = ANY($2::smallint[])`, [
        this.owner,
        giveBack,
      ]);
      this.ownedSlots = mine.slice(0, fairShare);
    } else if (mine.length < fairShare) {
      const taken = rowsOf<{ slot: number }>(
        await this.db.query(
          `UPDATE ${this.s}.outbox_lease SET owner = $1, expires_at = now() + $3::interval
            WHERE slot IN (SELECT slot FROM ${this.s}.outbox_lease
                            WHERE expires_at <= now() ORDER BY slot LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING slot`,
          [this.owner, fairShare - mine.length, ttl],
        ),
      ).map((r) => r.slot);
      this.ownedSlots = [...mine, ...taken].sort((a, b) => a - b);
    } else {
      this.ownedSlots = mine.sort((a, b) => a - b);
    }
    await this.db.query(`DELETE FROM ${this.s}.outbox_relay WHERE heartbeat_at < now() - $1::interval * 4`, [ttl]);
    this.leasesRefreshedAt = Date.now();
  }

  private async releaseAll(): Promise<void> {
    await this.db.query(`UPDATE ${this.s}.outbox_lease SET owner = NULL, expires_at = '-infinity' WHERE owner = $1`, [this.owner]);
    await this.db.query(`DELETE FROM ${this.s}.outbox_relay WHERE owner = $1`, [this.owner]);
    this.ownedSlots = [];
    this.leasesRefreshedAt = 0;
  }
}

/**
 * The `send <topic>` PRODUCER span of one row: a child of the `create` span whose traceparent the writer stored
 * on the row (so the request, the outbox wait and the publish are one trace); the message carries this span's
 * traceparent, which the consumers link to.
 */
function sendSpan(row: OutboxRow): Span {
  return startSpan(`send ${row.topic}`, {
    kind: SpanKind.PRODUCER,
    parent: row.headers.traceparent ?? null,
    attributes: {
      [MessagingAttribute.system]: 'kafka',
      [MessagingAttribute.operationType]: 'send',
      [MessagingAttribute.operationName]: 'send',
      [MessagingAttribute.destination]: row.topic,
      [MessagingAttribute.kafkaMessageKey]: row.message_key,
      [MessagingAttribute.messageId]: row.headers.ce_id ?? '',
      [ParcelAttribute.aggregateId]: row.message_key,
      [ParcelAttribute.eventType]: row.headers.ce_type ?? '',
      'parcelstream.outbox.row_id': row.id,
    },
  });
}
