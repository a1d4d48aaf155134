import { uniqueName, waitFor } from '@parcelstream/testing';
import { Kafka, logLevel } from 'kafkajs';
import { BroadcastConsumer, KafkajsAdapter, type ConsumedEvent } from '../src';
import { brokers } from './support/messaging-fixture';
import { cloudEventMessage } from './support/publish-events';
import { parcelScannedContract, type ParcelScanned } from './support/test-event';

describe('BroadcastConsumer: every process hears every event (real Kafka)', () => {
  const kafka = new KafkajsAdapter({ clientId: 'test-broadcast', brokers: brokers() });
  const admin = new Kafka({ clientId: 'test-broadcast-admin', brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
  const topic = uniqueName('broadcast');
  const contract = parcelScannedContract(topic);
  const type = contract.type;

  beforeAll(async () => {
    await admin.connect();
    await kafka.ensureTopics([{ topic, partitions: 3 }]);
  });
  afterAll(async () => {
    await kafka.close();
    await admin.disconnect();
  });

  it('two groups each get every valid event from the end of the topic on, in key order; unreadable ones are skipped; stop deletes the group', async () => {
    await kafka.publish([cloudEventMessage(topic, type, 'before', { key: 'before', seq: 0 })]); // before start: not theirs
    const heard: Record<'a' | 'b' | 'picky', ConsumedEvent<ParcelScanned>[]> = { a: [], b: [], picky: [] };
    const consumers = (['a', 'b', 'picky'] as const).map(
      (name) =>
        new BroadcastConsumer({
          kafka,
          groupId: uniqueName(`broadcast-${name}`),
          contract,
          onEvents: (events) => void heard[name].push(...events),
          // 'picky' wants only k2 and k4: the others are skipped unread (k1's invalid copy included)
          ...(name === 'picky' ? { wants: (key: string | null) => key === 'k2' || key === 'k4' } : {}),
        }),
    );
    await Promise.all(consumers.map((c) => c.start()));
    const groupsBefore = (await admin.listGroups()).groups.map((g) => g.groupId);
    for (const c of consumers) expect(groupsBefore).toContain(c.groupId);

    const keys = ['k1', 'k2', 'k3', 'k4'];
    await kafka.publish([
      ...keys.flatMap((key) => [0, 1, 2].map((seq) => cloudEventMessage(topic, type, key, { key, seq }))),
      cloudEventMessage(topic, type, 'k1', { key: 'k1', seq: 'not a number' }),
      { ...cloudEventMessage(topic, type, 'k2', {}), value: '{"key": ' },
      cloudEventMessage(topic, 'parcelstream.test.other.v1', 'k3', { anything: true }),
    ]);
    for (const name of ['a', 'b'] as const) {
      await waitFor(() => heard[name].length, (n) => n >= 12, { what: `consumer ${name}: 12 events` });
    }
    // behind the skipped messages, each key keeps flowing
    await kafka.publish(keys.map((key) => cloudEventMessage(topic, type, key, { key, seq: 3 })));
    for (const name of ['a', 'b'] as const) await waitFor(() => heard[name].length, (n) => n >= 16, { what: `consumer ${name}: 16 events` });
    await waitFor(() => heard.picky.length, (n) => n >= 8, { what: 'consumer picky: 8 events' });
    expect(heard.picky.map((e) => `${e.key}:${e.payload.seq}`)).toEqual(
      expect.arrayContaining(['k2:0', 'k2:1', 'k2:2', 'k2:3', 'k4:0', 'k4:1', 'k4:2', 'k4:3']),
    );
    expect(heard.picky).toHaveLength(8);

    for (const name of ['a', 'b'] as const) {
      expect(heard[name]).toHaveLength(16);
      for (const key of keys) expect(heard[name].filter((e) => e.payload.key === key).map((e) => e.payload.seq)).toEqual([0, 1, 2, 3]);
    }
    await Promise.all(consumers.map((c) => c.stop()));
    const groupsAfter = (await admin.listGroups()).groups.map((g) => g.groupId);
    for (const c of consumers) expect(groupsAfter).not.toContain(c.groupId);
  });
});
