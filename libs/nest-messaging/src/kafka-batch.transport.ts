import { Inject, Injectable, Logger } from '@nestjs/common';
import { BaseRpcContext, type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { EVENT_CONTRACTS } from '@parcelstream/contracts';
import { EventConsumer, KAFKA_PORT, type ConsumedEvent, type AnyEventBatchHandler, type KafkaPort } from '@parcelstream/messaging';
import { lastValueFrom } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventBatch } from './event-batch';
import { consumerGroupFromEnv, fromBeginningFromEnv, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging-options';

/** The RPC context of a batch: the topic and partition it came from. */
export class KafkaBatchContext extends BaseRpcContext<[topic: string, partition: number]> {
  getTopic(): string {
    return this.args[0];
  }
  getPartition(): number {
    return this.args[1];
  }
}

/**
 * A Nest microservice transport over our EventConsumer: `@EventPattern('parcelstream.order.created.v1')`
 * handlers in controllers receive `EventBatch`es (effectively-once: inbox + effect in one transaction,
 * retry tiers, dead-letter topic). Connect it with `app.connectMicroservice({ strategy })`.
 */
@Injectable()
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer<EntityManager>;
  private readonly log = new Logger('KafkaBatchTransport');

  constructor(
    @Inject(KAFKA_PORT) private readonly kafka: KafkaPort,
    private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
  ) {
    super();
  }

  on(): void {
    throw new Error('KafkaBatchTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  async listen(callback: (...args: unknown[]) => void): Promise<void> {
    try {
      const handlers = [...this.getHandlers()].map(([pattern, handler]) => this.toBatchHandler(pattern, handler));
      if (handlers.length > 0) {
        this.consumer = new EventConsumer<EntityManager>({
          groupId: this.options.consumerGroup ?? consumerGroupFromEnv(this.options.serviceName),
          schema: this.options.schema,
          db: this.dataSource.manager,
          kafka: this.kafka,
          handlers,
          retryDelaysMs: this.options.retryDelaysMs,
          fromBeginning: this.options.fromBeginning ?? fromBeginningFromEnv(),
          chunkSize: this.options.chunkSize,
          partitionsConcurrently: this.options.partitionsConcurrently,
          metrics: this.options.metrics,
          log: (level, message, extra) => this.log[level === 'info' ? 'log' : level](extra ? { msg: message, ...extra } : message),
        });
        await this.consumer.start();
        this.log.log(`consuming ${this.consumer.topics.join(', ')} as ${this.consumer.groupId}`);
      }
      callback();
    } catch (e) {
      callback(e);
    }
  }

  /** Finishes and commits the chunk in hand, then leaves the group. */
  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  private toBatchHandler(pattern: string, handler: MessageHandler): AnyEventBatchHandler<EntityManager> {
    const contract = EVENT_CONTRACTS.get(pattern);
    if (!contract) throw new Error(`@EventPattern('${pattern}') names no event type of the contracts catalog`);
    if (!handler.isEventHandler) throw new Error(`'${pattern}' must be an @EventPattern (events have no replies)`);
    return {
      contract,
      handle: async (events: ConsumedEvent<never>[], tx: EntityManager) => {
        const first = events[0];
        const batch: EventBatch<never> = { events, tx };
        const result = await handler(batch, new KafkaBatchContext([first.topic, first.partition]));
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      },
    };
  }
}
