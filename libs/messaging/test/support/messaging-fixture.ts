import { createDeadLetterTableSql, createMessagingTablesSql, KafkajsAdapter, type IncomingMessage, type KafkaPort, type RunningConsumer } from '../../src';
import { createTestSchema, uniqueName, type TestSchema } from '@parcelstream/testing';

export interface MessagingFixture {
  db: TestSchema;
  kafka: KafkaPort;
  topic: string;
  close(): Promise<void>;
}

export function brokers(): string[] {
  const b = process.env.KAFKA_BROKERS;
  if (!b) throw new Error('KAFKA_BROKERS is not set (the jest globalSetup provides it)');
  return b.split(',');
}

export async function messagingFixture(name: string, partitions = 6): Promise<MessagingFixture> {
  const db = await createTestSchema(name, { setupSql: (s) => [...createMessagingTablesSql(s), ...createDeadLetterTableSql(s)] });
  const kafka = new KafkajsAdapter({ clientId: `test-${name}`, brokers: brokers() });
  const topic = uniqueName(name);
  await kafka.ensureTopics([{ topic, partitions }]);
  return {
    db,
    kafka,
    topic,
    close: async () => {
      await kafka.close();
      await db.drop();
    },
  };
}

/** Collects every message of the topics (raw, with headers) from the beginning. */
export async function collect(kafka: KafkaPort, topics: string[]): Promise<{ messages: IncomingMessage[]; stop(): Promise<void> }> {
  const messages: IncomingMessage[] = [];
  const consumer: RunningConsumer = await kafka.subscribe({
    groupId: uniqueName('collector'),
    topics,
    fromBeginning: true,
    onBatch: async (batch) => {
      messages.push(...batch.messages);
      await batch.commit((BigInt(batch.messages[batch.messages.length - 1].offset) + 1n).toString());
    },
  });
  return { messages, stop: () => consumer.stop() };
}

export function payloadOf<T>(m: IncomingMessage): T {
  return JSON.parse(m.value!.toString('utf8')) as T;
}
