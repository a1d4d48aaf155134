import type { EventConsumerOptions } from '@parcelstream/messaging';

export interface MessagingModuleOptions {
  /** the app's name: Kafka client id, CloudEvents source `/parcelstream/<serviceName>`, default consumer group */
  serviceName: string;
  /** the service's own schema (outbox, inbox) */
  schema: string;
  /** default: KAFKA_BROKERS, comma-separated (127.0.0.1:9092 when unset) */
  brokers?: string[];
  /** default: KAFKA_CONSUMER_GROUP, else serviceName */
  consumerGroup?: string;
  retryDelaysMs?: number[];
  /** events applied in one transaction (default 500, see EventConsumer) */
  chunkSize?: number;
  /** partitions whose batches are applied side by side (default 2, see EventConsumer): while one waits for Postgres, another's is decoded and folded */
  partitionsConcurrently?: number;
  /** the most one fetch returns of a partition (default 1 MiB): a partition's batch, and so a chunk, is at most this */
  fetchMaxBytesPerPartition?: number;
  /** declare the catalog's topics at start (default true) */
  declareTopics?: boolean;
  /** where a consumer group that has committed nothing starts: default KAFKA_CONSUMER_START, else the beginning; `false`: the topics' end */
  fromBeginning?: boolean;
  /** the consumer's counters (applied, duplicates, retried, dead-lettered) */
  metrics?: EventConsumerOptions<never>['metrics'];
  /** called after each relay round that published rows (a counter) */
  onOutboxPublished?: (count: number) => void;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export function brokersFromEnv(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
}

/** The consumer group: KAFKA_CONSUMER_GROUP when set (tests and side-by-side runs on one broker), else the service's name. */
export function consumerGroupFromEnv(serviceName: string): string {
  return process.env.KAFKA_CONSUMER_GROUP?.trim() || serviceName;
}

/**
 * Where a consumer group that has committed nothing starts: `KAFKA_CONSUMER_START=latest` for the topics' end (tests
 * whose apps get groups of their own on a shared broker: the history of other suites is not theirs), else the beginning.
 */
export function fromBeginningFromEnv(): boolean {
  return process.env.KAFKA_CONSUMER_START?.trim() !== 'latest';
}

/**
 * The consumers' session timeout: KAFKA_SESSION_TIMEOUT_MS (validated by the service's env), else the adapter's
 * default (10 s): short enough that a replacement for a SIGKILLed process joins its group within seconds, long
 * enough for the heartbeats a consumer sends between chunks and while it waits out an outage (every ≤ 2 s).
 */
export function sessionTimeoutFromEnv(): number | undefined {
  const raw = process.env.KAFKA_SESSION_TIMEOUT_MS?.trim();
  return raw ? Number(raw) : undefined;
}
