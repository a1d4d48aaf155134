/** The bench's own Kafka client (kafkajs): publish fast, wait for a consumer group, count a topic's messages. */
import kafkajs from 'kafkajs';
import { sleep } from './bench-run.mjs';

const { Kafka, logLevel } = kafkajs;
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export async function benchKafka(run, brokers) {
  const kafka = new Kafka({ clientId: 'parcelstream-bench', brokers: brokers.split(','), logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  run.defer('kafka admin', () => admin.disconnect());
  let producer;

  return {
    /**
     * Publishes `messages` ({ key, value, headers }) to `topic` in batches of `batchSize`, `inFlight` batches
     * at a time (acks from all replicas, as the services' relays ask).
     */
    async publish(topic, messages, { batchSize = 2_000, inFlight = 4 } = {}) {
      if (!producer) {
        producer = kafka.producer({ allowAutoTopicCreation: false });
        await producer.connect();
        run.defer('kafka producer', () => producer.disconnect());
      }
      let next = 0;
      const worker = async () => {
        for (;;) {
          const start = next;
          next += batchSize;
          if (start >= messages.length) return;
          await producer.send({ topic, acks: -1, messages: messages.slice(start, start + batchSize) });
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
    },

    /** Creates a topic as the services declare it (libs/contracts TOPIC_SPECS), unless it exists. */
    async createTopic(topic, partitions) {
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
    },

    /** Waits until `groupId` is Stable with every partition of `topic` assigned (so timing starts at work, not at a rebalance). */
    async waitForGroup(groupId, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { groups } = await admin.describeGroups([groupId]);
        const g = groups[0];
        if (g?.state === 'Stable' && g.members.length > 0) return g;
        if (Date.now() > deadline) throw new Error(`consumer group ${groupId} not stable after ${timeoutMs} ms (state ${g?.state})`);
        await sleep(200);
      }
    },

    /** Messages in the topic (sum of the partitions' high watermarks); 0 when it does not exist yet. */
    async messageCount(topic) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
      } catch (e) {
        if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return 0;
        throw e;
      }
    },

    admin,
  };
}
