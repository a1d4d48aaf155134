import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { TOPIC_SPECS } from '@parcelstream/contracts';
import type { CloudEventMessage } from './cloud-event-message';

export interface RecordedMessage {
  topic: string;
  key: string | null;
  headers: Record<string, string>;
  value: string;
}

/**
 * Records every message of some topics from the beginning (its own consumer group), and publishes test
 * messages. For integration tests that check what a service emits and feed it what others would.
 */
export class TopicRecorder {
  readonly messages: RecordedMessage[] = [];
  private consumer?: Consumer;
  private producer?: Producer;
  private readonly kafka: Kafka;

  constructor(brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092') {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
    this.kafka = new Kafka({ clientId: 'topic-recorder', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  }

  async record(topics: string[]): Promise<this> {
    const admin = this.kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    // the catalog's partition counts: the services declare the same, whoever comes first
    if (missing.length) await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_SPECS.find((t) => t.topic === topic)?.partitions ?? 6 })) }).catch(() => undefined);
    await admin.disconnect();
    this.consumer = this.kafka.consumer({ groupId: `recorder-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[0] : v);
        this.messages.push({ topic, key: message.key?.toString() ?? null, headers, value: message.value?.toString() ?? '' });
        return Promise.resolve();
      },
    });
    return this;
  }

  /**
   * Recorded events of a CloudEvents type, payloads parsed, optionally filtered. A value that is not JSON is left
   * out: services never emit one (payloads are validated before the outbox), but suites that test poison handling
   * put such messages on the shared topics, and a recorder reads the topics from the beginning.
   */
  events<T>(type: string, where: (payload: T) => boolean = () => true): { id: string; source: string; payload: T }[] {
    return this.messages
      .filter((m) => m.headers['ce_type'] === type)
      .flatMap((m) => jsonValueOf<T>(m.value).map((payload) => ({ id: m.headers['ce_id'], source: m.headers['ce_source'], payload })))
      .filter((e) => where(e.payload));
  }

  async publish(messages: CloudEventMessage[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: true });
      await this.producer.connect();
    }
    for (const m of messages) await this.producer.send({ topic: m.topic, messages: [{ key: m.key, value: m.value, headers: m.headers }] });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
  }
}

/**
 * A message value parsed as JSON, or nothing when it is not JSON: the poison-message suite puts such values on
 * the shared topics, and a reader that throws on them stalls (a consumer's batch) or fails a suite that never sent them.
 */
export function jsonValueOf<T>(value: string): [T] | [] {
  try {
    return [JSON.parse(value) as T];
  } catch {
    return [];
  }
}
