import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DeadLetterStore, KAFKA_PORT, KafkajsAdapter, OutboxRelay, OutboxWriter, type KafkaPort } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { KafkaHealthIndicator, PostgresHealthIndicator } from './health-indicators';
import { KafkaBatchTransport } from './kafka-batch.transport';
import { MessagingLifecycle } from './messaging-lifecycle';
import { brokersFromEnv, MESSAGING_OPTIONS, sessionTimeoutFromEnv, type MessagingModuleOptions } from './messaging-options';

/**
 * Wires the backbone into a Nest app: the Kafka port, the outbox writer and relay, the batch transport for
 * `@EventPattern` handlers, the dead-letter store of the service's schema, and health indicators. Needs TypeORM's DataSource in the app.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const kafkaLog = new Logger('Kafka');
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: KAFKA_PORT,
          useFactory: (): KafkaPort =>
            new KafkajsAdapter({
              clientId: options.serviceName,
              brokers: options.brokers ?? brokersFromEnv(),
              sessionTimeoutMs: sessionTimeoutFromEnv(),
              maxBytesPerPartition: options.fetchMaxBytesPerPartition,
              log: (level, message, extra) => kafkaLog[level === 'info' ? 'log' : level]({ msg: message, ...extra }),
            }),
        },
        {
          provide: OutboxWriter,
          useFactory: () => new OutboxWriter({ schema: options.schema, source: `/parcelstream/${options.serviceName}` }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, KAFKA_PORT],
          useFactory: (dataSource: DataSource, kafka: KafkaPort) => {
            const log = new Logger('OutboxRelay');
            return new OutboxRelay(dataSource, kafka, { schema: options.schema, onPublished: options.onOutboxPublished, onError: (e) => log.warn(`relay round failed: ${String(e)}`) });
          },
        },
        { provide: DeadLetterStore, useFactory: () => new DeadLetterStore(options.schema) },
        HealthIndicatorService,
        KafkaHealthIndicator,
        PostgresHealthIndicator,
        KafkaBatchTransport,
        MessagingLifecycle,
      ],
      exports: [KAFKA_PORT, OutboxWriter, OutboxRelay, DeadLetterStore, KafkaBatchTransport, KafkaHealthIndicator, PostgresHealthIndicator, MESSAGING_OPTIONS],
    };
  }
}
