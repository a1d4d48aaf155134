import { Kafka, logLevel, type Admin, type Consumer, type Producer, type LogEntry } from 'kafkajs';
import type { BatchSubscription, IncomingMessage, KafkaPort, OutgoingMessage, PartitionLag, RunningConsumer, TopicDeclaration } from './kafka-port';

export interface KafkajsOptions {
  clientId: string;
  brokers: string[];
  /** how long a fetch waits for data; also bounds how long a stop waits (default 200 ms) */
  maxWaitTimeMs?: number;
  /** how long the broker waits for a silent member before rebalancing (default 10 s; kafkajs' own is 30 s) */
  sessionTimeoutMs?: number;
  /** the most a fetch returns of one partition (kafkajs' default 1 MiB); bounds a partition's batch, hence its chunks */
  maxBytesPerPartition?: number;
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Known noise on a fresh broker or during rebalances, retried by kafkajs itself. */
const BENIGN = /coordinator is (not available|loading)|CONCURRENT_TRANSACTIONS|rebalancing|The group is rebalancing/i;

export class KafkajsAdapter implements KafkaPort {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private producerConnecting?: Promise<Producer>;
  private admin?: Admin;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkajsOptions) {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
    const log = options.log;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      requestTimeout: 30000,
      retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          const { message, ...extra } = entry;
          if (BENIGN.test(`${String(message)} ${String(extra.error ?? '')}`)) return;
          log?.(LEVELS[level] ?? 'info', `kafkajs: ${message}`, extra);
        },
    });
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.producerConnecting ??= (async () => {
      // idempotent + one request in flight: retries neither duplicate nor reorder a partition's messages
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().finally(() => (this.producerConnecting = undefined));
    return this.producerConnecting;
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, { key: string; value: Buffer | string; headers?: Record<string, string> }[]>();
    for (const m of messages) {
      let list = byTopic.get(m.topic);
      if (!list) byTopic.set(m.topic, (list = []));
      list.push({ key: m.key, value: m.value, headers: m.headers });
    }
    const producer = await this.getProducer();
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
  }

  async subscribe(subscription: BatchSubscription): Promise<RunningConsumer> {
    const consumer = this.kafka.consumer({
      groupId: subscription.groupId,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 200,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: true,
      // a fetch may return as much for each partition processed at once (kafkajs' 10 MiB default otherwise)
      ...(this.options.maxBytesPerPartition
        ? { maxBytesPerPartition: this.options.maxBytesPerPartition, maxBytes: Math.max(10_485_760, this.options.maxBytesPerPartition * (subscription.partitionsConcurrently ?? 1)) }
        : {}),
    });
    this.consumers.add(consumer);
    await consumer.connect();
    // a topic created a moment ago may not be hosted yet on a fresh broker: retry for a while
    if (subscription.fromBeginning === false) await whileTopicsSettle(() => this.startNewGroupAtEnd(subscription.groupId, subscription.topics));
    await whileTopicsSettle(() => consumer.subscribe({ topics: subscription.topics, fromBeginning: subscription.fromBeginning ?? true }));
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: subscription.partitionsConcurrently ?? 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary }) => {
        if (batch.isEmpty()) return;
        const messages: IncomingMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString('utf8') : null,
          value: m.value,
          headers: (m.headers ?? {}) as IncomingMessage['headers'],
          timestamp: m.timestamp,
        }));
        await subscription.onBatch({
          topic: batch.topic,
          partition: batch.partition,
          messages,
          highWatermark: batch.highWatermark,
          isRunning: () => isRunning() && !isStale(),
          heartbeat,
          commit: async (nextOffset: string) => {
            resolveOffset((BigInt(nextOffset) - 1n).toString());
            if (isRunning()) {
              await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: nextOffset }]);
            } else {
              // stopping: kafkajs' consumer.commitOffsets() silently does nothing once its runner stops, which
              // left the chunk in hand applied but uncommitted (redelivered after the restart). The batch's own
              // commit goes to the coordinator directly; the member leaves the group only after this batch.
              await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: nextOffset }] }] });
            }
          },
        });
      },
    });
    return {
      groupId: subscription.groupId,
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  /**
   * A group that has committed nothing on a topic starts at the topic's end as of now: kafkajs alone would take
   * the end as of its first fetch, after the join, and miss what is published in between.
   */
  private async startNewGroupAtEnd(groupId: string, topics: string[]): Promise<void> {
    const admin = await this.getAdmin();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      if (partitions.some((p) => p.offset !== '-1')) continue;
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((o) => ({ partition: o.partition, offset: o.high })) });
    }
  }

  /** Creates the missing topics (another process creating the same ones at the same time is fine). */
  async ensureTopics(topics: TopicDeclaration[]): Promise<void> {
    const admin = await this.getAdmin();
    for (let attempt = 1; ; attempt++) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.topic,
            numPartitions: t.partitions,
            replicationFactor: -1,
            configEntries: t.retentionMs ? [{ name: 'retention.ms', value: String(t.retentionMs) }] : [],
          })),
        });
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }

  async consumerLag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    const admin = await this.getAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics });
    const result: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high]));
      for (const p of partitions) {
        const high = ends.get(p.partition) ?? '0';
        const base = p.offset === '-1' ? 0n : BigInt(p.offset);
        result.push({ topic, partition: p.partition, committedOffset: p.offset, highWatermark: high, lag: Number(BigInt(high) - base) });
      }
    }
    return result;
  }

  async deleteConsumerGroup(groupId: string): Promise<void> {
    const admin = await this.getAdmin();
    try {
      await admin.deleteGroups([groupId]);
    } catch (e) {
      // kafkajs reports per-group errors in `groups`; a group that is already gone is what we wanted
      const groups = (e as { groups?: { groupId: string; error?: { type?: string } }[] }).groups;
      if (groups?.every((g) => g.error?.type === 'GROUP_ID_NOT_FOUND')) return;
      throw e;
    }
  }

  async ping(): Promise<void> {
    const admin = await this.getAdmin();
    await admin.describeCluster();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await Promise.allSettled([this.producer?.disconnect(), this.admin?.disconnect()]);
    this.producer = undefined;
    this.admin = undefined;
  }
}

async function whileTopicsSettle(work: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (e) {
      const retriable = (e as { retriable?: boolean; type?: string }).retriable === true || (e as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION';
      if (!retriable || attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, Math.min(250 * attempt, 2000)));
    }
  }
}
