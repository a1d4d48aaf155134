import { headerString, type KafkaHeaders } from '@parcelstream/contracts';
import type { IncomingMessage } from '../kafka/kafka-port';

/** Headers the consumer adds when it moves a message to a retry tier or to the dead-letter topic. */
export const RetryHeader = {
  attempt: 'x-retry-attempt',
  notBefore: 'x-retry-not-before',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  consumerGroup: 'x-consumer-group',
  lastError: 'x-last-error',
  deadLetterReason: 'x-dead-letter-reason',
  attempts: 'x-attempts',
  failedAt: 'x-failed-at',
} as const;

export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
}

/** Where a message first entered this consumer (kept across retry tiers). */
export function originOf(message: IncomingMessage): MessageOrigin {
  const topic = headerString(message.headers, RetryHeader.originalTopic);
  if (!topic) return { topic: message.topic, partition: message.partition, offset: message.offset };
  return {
    topic,
    partition: Number(headerString(message.headers, RetryHeader.originalPartition)),
    offset: headerString(message.headers, RetryHeader.originalOffset) ?? '-1',
  };
}

export function attemptOf(message: IncomingMessage): number {
  return Number(headerString(message.headers, RetryHeader.attempt) ?? '1') || 1;
}

/** The message's own headers as strings, without the consumer's bookkeeping. */
export function passThroughHeaders(headers: KafkaHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  const own = new Set<string>(Object.values(RetryHeader));
  for (const name of Object.keys(headers)) {
    const value = headerString(headers, name);
    if (value !== undefined && !own.has(name)) out[name] = value;
  }
  return out;
}
