import type { KafkaHeaders } from '@parcelstream/contracts';

/** A message to publish. Messages with the same topic and key keep their order. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: Buffer | string;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: KafkaHeaders;
  /** broker timestamp, epoch ms as a string */
  timestamp: string;
}

/** One fetched batch of one partition. Offsets are committed explicitly, after the effect is durable. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  highWatermark: string;
  /** false once the consumer is stopping or the partition was revoked: finish the chunk in hand, then return */
  isRunning(): boolean;
  heartbeat(): Promise<void>;
  /** commits `offset` as the next offset to read (last processed + 1) */
  commit(nextOffset: string): Promise<void>;
}

export interface BatchSubscription {
  groupId: string;
  topics: string[];
  /** where a group that has committed nothing starts: earliest (default), or with `false` the end as of this call */
  fromBeginning?: boolean;
  /** partitions processed at the same time by this member */
  partitionsConcurrently?: number;
  onBatch(batch: PartitionBatch): Promise<void>;
}

export interface RunningConsumer {
  readonly groupId: string;
  /** stops fetching, lets the batch in hand finish and commit, leaves the group */
  stop(): Promise<void>;
}

export interface TopicDeclaration {
  topic: string;
  partitions: number;
  retentionMs?: number;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committedOffset: string;
  highWatermark: string;
  lag: number;
}

/** The platform's port to Kafka. kafkajs sits behind it; a second client can replace it. */
export interface KafkaPort {
  publish(messages: OutgoingMessage[]): Promise<void>;
  subscribe(subscription: BatchSubscription): Promise<RunningConsumer>;
  ensureTopics(topics: TopicDeclaration[]): Promise<void>;
  consumerLag(groupId: string, topics: string[]): Promise<PartitionLag[]>;
  /** Deletes a consumer group with no members left (a process's own group, on its way out); an unknown group is fine. */
  deleteConsumerGroup(groupId: string): Promise<void>;
  /** throws when the cluster does not answer */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const KAFKA_PORT = Symbol('KAFKA_PORT');
