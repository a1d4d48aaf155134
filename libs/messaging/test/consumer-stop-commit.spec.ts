import { uniqueName, waitFor } from '@parcelstream/testing';
import type { PartitionBatch } from '../src';
import { messagingFixture, type MessagingFixture } from './support/messaging-fixture';
import { cloudEventMessage, publishInChunks } from './support/publish-events';

/**
 * A consumer stopped while it works on a batch commits that batch when it finishes (what a graceful shutdown
 * relies on). kafkajs' consumer.commitOffsets() is a silent no-op once the consumer is stopping, so the
 * adapter must commit through the batch instead.
 */
describe('KafkajsAdapter: the batch in hand at stop() commits (real Kafka)', () => {
  let fx: MessagingFixture;
  beforeAll(async () => {
    fx = await messagingFixture('consumer_stop_commit', 1);
  });
  afterAll(() => fx.close());

  it('commits the offset of a batch that finishes after stop() was called', async () => {
    await publishInChunks(fx.kafka, Array.from({ length: 20 }, (_, n) => cloudEventMessage(fx.topic, 'parcelstream.test.parcel-scanned.v1', 'k', { n })));
    const groupId = uniqueName('stop-commit');
    let inHand: PartitionBatch | undefined;
    let runningAtCommit: boolean | undefined;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const running = await fx.kafka.subscribe({
      groupId,
      topics: [fx.topic],
      fromBeginning: true,
      onBatch: async (batch) => {
        inHand ??= batch;
        if (batch !== inHand) return; // only the first batch, held until the stop has begun
        await released;
        runningAtCommit = batch.isRunning();
        await batch.commit((BigInt(batch.messages[batch.messages.length - 1].offset) + 1n).toString());
      },
    });
    await waitFor(() => inHand, (b) => b !== undefined, { timeoutMs: 30_000, what: 'a batch in hand' });
    const stopped = running.stop();
    await new Promise((r) => setTimeout(r, 300)); // the stop is under way (the runner no longer "running")
    release();
    await stopped;

    expect(runningAtCommit).toBe(false); // it was committed while stopping
    const next = (BigInt(inHand!.messages[inHand!.messages.length - 1].offset) + 1n).toString();
    const [lag] = await fx.kafka.consumerLag(groupId, [fx.topic]);
    expect(lag.committedOffset).toBe(next);
  }, 60_000);
});
