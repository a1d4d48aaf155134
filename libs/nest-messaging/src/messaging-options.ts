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
  /** declare the catalog's topics at start (default true) */
  declareTopics?: boolean;
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
