import { randomUUID } from 'node:crypto';
import { toKafkaHeaders } from '@parcelstream/contracts';

export interface CloudEventMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A CloudEvent as a producer's relay would send it (binary mode); pass `id` to make a redelivered copy. */
export function cloudEventMessage(topic: string, type: string, key: string, payload: unknown, id: string = randomUUID()): CloudEventMessage {
  return {
    topic,
    key,
    value: JSON.stringify(payload),
    headers: toKafkaHeaders({ id, source: '/parcelstream/test', type, specversion: '1.0', time: new Date().toISOString(), subject: key, datacontenttype: 'application/json' }),
  };
}
