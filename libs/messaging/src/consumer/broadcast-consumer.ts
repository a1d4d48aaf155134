import { fromKafkaHeaders, TOPIC_SPECS, validatePayload, type EventContract } from '@parcelstream/contracts';
import type { IncomingMessage, KafkaPort, PartitionBatch, RunningConsumer } from '../kafka/kafka-port';
import type { ConsumedEvent } from './consumed-event';
import { describeError } from './failure-classification';

export interface BroadcastConsumerOptions<T extends object> {
  kafka: KafkaPort;
  /** this process's own consumer group, so that every process gets every message; deleted by `stop()` */
  groupId: string;
  contract: EventContract<T>;
  /** each batch's valid events of the contract's type, in partition order; a throw is logged, not retried */
  onEvents(events: ConsumedEvent<T>[]): void | Promise<void>;
  /**
   * Whether this process wants the messages of a key now (e.g. a stream of that shipment is open); the others
   * are skipped before they are parsed or validated. Asked for each message of a batch just before
   * `onEvents` runs, with no await in between. Default: every key.
   */
  wants?(key: string | null): boolean;
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra?: Record<string, unknown>) => void;
}

/**
 * Every process hears every event of one type: for in-memory fan-out (e.g. live streams), never for state.
 * Unlike `EventConsumer` there is no inbox, no retry tier and no dead-letter topic — nothing is written, and a
 * message that cannot be read is logged and skipped. The group is the process's own and starts at the topic's
 * end (what happened before the process started is not its business); offsets are committed so that a rejoin
 * does not skip what arrived meanwhile, and `stop()` deletes the group. A process that dies without `stop()`
 * leaves an empty group behind, which the broker forgets once its offsets expire (`offsets.retention.minutes`).
 */
export class BroadcastConsumer<T extends object> {
  private running?: RunningConsumer;

  constructor(private readonly options: BroadcastConsumerOptions<T>) {}

  get groupId(): string {
    return this.options.groupId;
  }

  async start(): Promise<void> {
    const { kafka, contract, groupId } = this.options;
    const spec = TOPIC_SPECS.find((s) => s.topic === contract.topic) ?? { topic: contract.topic, partitions: 6 };
    await kafka.ensureTopics([spec]);
    this.running = await kafka.subscribe({
      groupId,
      topics: [contract.topic],
      fromBeginning: false,
      partitionsConcurrently: spec.partitions,
      onBatch: (batch) => this.consume(batch),
    });
  }

  /** Leaves the group, then deletes it. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.stop();
    try {
      await this.options.kafka.deleteConsumerGroup(this.options.groupId);
    } catch (e) {
      this.options.log?.('warn', 'could not delete the consumer group (the broker forgets it when its offsets expire)', { groupId: this.groupId, error: describeError(e) });
    }
  }

  private async consume(batch: PartitionBatch): Promise<void> {
    const events = batch.messages.flatMap((m) => this.decode(m));
    if (events.length > 0) {
      try {
        await this.options.onEvents(events);
      } catch (e) {
        this.options.log?.('error', 'broadcast handler failed', { groupId: this.groupId, error: describeError(e) });
      }
    }
    await batch.commit((BigInt(batch.messages[batch.messages.length - 1].offset) + 1n).toString());
  }

  private decode(message: IncomingMessage): ConsumedEvent<T>[] {
    const { contract, wants } = this.options;
    if (wants && !wants(message.key)) return [];
    try {
      const attributes = fromKafkaHeaders(message.headers);
      if (attributes.type !== contract.type) return [];
      const payload = validatePayload(contract, JSON.parse(message.value?.toString('utf8') ?? 'null'));
      return [{ ...attributes, payload, topic: message.topic, partition: message.partition, offset: message.offset, key: message.key }];
    } catch (e) {
      this.options.log?.('warn', 'broadcast message skipped', { groupId: this.groupId, topic: message.topic, partition: message.partition, offset: message.offset, error: describeError(e) });
      return [];
    }
  }
}
