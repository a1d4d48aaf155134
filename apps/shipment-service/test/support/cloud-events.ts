import { randomUUID } from 'node:crypto';
import { toKafkaHeaders, type EventContract } from '@parcelstream/contracts';
import type { IncomingMessage, KafkaPort, OutgoingMessage } from '@parcelstream/messaging';
import { jsonValueOf, uniqueName } from '@parcelstream/testing';

/** A CloudEvent in Kafka binary mode, as another service's outbox relay would publish it. */
export function cloudEvent<T extends object>(contract: EventContract<T>, key: string, payload: T, id: string = randomUUID()): OutgoingMessage {
  return {
    topic: contract.topic,
    key,
    value: JSON.stringify(payload),
    headers: toKafkaHeaders({ id, source: '/parcelstream/test', type: contract.type, specversion: '1.0', time: new Date().toISOString(), subject: key, datacontenttype: 'application/json' }),
  };
}

export interface CollectedEvent<T = unknown> {
  id: string;
  type: string;
  key: string | null;
  topic: string;
  payload: T;
}

/** Reads topics from the beginning with a group of its own (the topics are shared: filter by your own ids). */
export async function collectEvents(kafka: KafkaPort, topics: string[]) {
  const events: CollectedEvent[] = [];
  const consumer = await kafka.subscribe({
    groupId: uniqueName('shipment-service-collector'),
    topics,
    fromBeginning: true,
    partitionsConcurrently: 6,
    onBatch: async (batch) => {
      events.push(...batch.messages.flatMap(toCollected));
      await batch.commit((BigInt(batch.messages[batch.messages.length - 1].offset) + 1n).toString());
    },
  });
  return {
    /** events of this type whose payload passes `match` */
    of<T extends object>(contract: EventContract<T>, match: (payload: T) => boolean): CollectedEvent<T>[] {
      return events.filter((e) => e.type === contract.type && match(e.payload as T)) as CollectedEvent<T>[];
    },
    stop: () => consumer.stop(),
  };
}

/** A message as an event; none for a value that is not JSON (see jsonValueOf). */
function toCollected(m: IncomingMessage): CollectedEvent[] {
  const header = (name: string) => {
    const v = m.headers[name];
    return (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
  };
  return jsonValueOf(m.value?.toString() ?? 'null').map((payload) => ({ id: header('ce_id'), type: header('ce_type'), key: m.key, topic: m.topic, payload }));
}
