import { randomUUID } from 'node:crypto';
import { toKafkaHeaders } from '@parcelstream/contracts';
import type { KafkaPort, OutgoingMessage } from '../../src';

/** Publishes CloudEvents straight to a topic (what a producer's relay would send). */
export function cloudEventMessage(topic: string, type: string, key: string, payload: unknown, id = randomUUID()): OutgoingMessage {
  return {
    topic,
    key,
    value: JSON.stringify(payload),
    headers: toKafkaHeaders({ id, source: '/parcelstream/test', type, specversion: '1.0', time: new Date().toISOString(), subject: key, datacontenttype: 'application/json' }),
  };
}

export async function publishInChunks(kafka: KafkaPort, messages: OutgoingMessage[], chunk = 1000): Promise<void> {
  for (let i = 0; i < messages.length; i += chunk) await kafka.publish(messages.slice(i, i + chunk));
}
