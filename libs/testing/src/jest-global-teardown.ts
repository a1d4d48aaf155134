import type { ProvidedKafka } from './test-kafka';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __PARCELSTREAM_KAFKA__?: ProvidedKafka }).__PARCELSTREAM_KAFKA__?.release();
}
