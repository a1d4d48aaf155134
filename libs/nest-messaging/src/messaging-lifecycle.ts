import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPIC_SPECS } from '@parcelstream/contracts';
import { KAFKA_PORT, OutboxRelay, type KafkaPort } from '@parcelstream/messaging';
import { KafkaBatchTransport } from './kafka-batch.transport';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging-options';

/**
 * Starts the outbox relay with the app. On shutdown, while the database is still connected: stops the
 * consumers (the chunk in hand commits), then flushes the outbox; last, disconnects from Kafka. A row written
 * by a request that is still finishing after the flush stays in the outbox for the next relay: not lost.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log = new Logger('Messaging');

  constructor(
    @Inject(KAFKA_PORT) private readonly kafka: KafkaPort,
    private readonly relay: OutboxRelay,
    private readonly transport: KafkaBatchTransport,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.declareTopics !== false) await this.kafka.ensureTopics([...TOPIC_SPECS]);
    this.relay.start();
    this.log.log(`outbox relay ${this.relay.owner} started on schema ${this.options.schema}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.close();
    await this.relay.stop();
    this.log.log('consumers stopped, outbox flushed');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafka.close();
    this.log.log('Kafka disconnected');
  }
}
