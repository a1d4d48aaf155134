import { ensureTestDatabase } from './test-database';
import { provideKafka } from './test-kafka';

/**
 * jest globalSetup for suites that need the real broker and database: provides Kafka once per jest run and
 * passes its address to the workers through KAFKA_BROKERS.
 */
export default async function globalSetup(): Promise<void> {
  const kafka = await provideKafka();
  process.env.KAFKA_BROKERS = kafka.brokers;
  (globalThis as { __PARCELSTREAM_KAFKA__?: typeof kafka }).__PARCELSTREAM_KAFKA__ = kafka;
  await ensureTestDatabase();
}
