import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule, type MessagingModuleOptions } from '@parcelstream/nest-messaging';
import type { DataSourceOptions } from 'typeorm';
import { deadLetterIdPrefixOf } from './dead-letters/dead-letter-ids';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { HealthModule } from './health/health.module';
import { consumerMetrics } from './metrics/messaging-metrics';
import { MetricsModule } from './metrics/metrics.module';
import { OutboxMetrics, outboxPublished } from './metrics/outbox-metrics';

export interface ServiceModuleOptions {
  serviceName: string;
  schema: string;
  dataSource: DataSourceOptions;
  /** the service's feature modules */
  imports?: ModuleMetadata['imports'];
  /** overrides of the messaging defaults (consumer group, retry back-off, brokers) */
  messaging?: Partial<Omit<MessagingModuleOptions, 'serviceName' | 'schema'>>;
  /** prefix of the ids `GET /ops/dead-letters` gives out; default: the schema with dashes (`carrier-sync`) */
  deadLetterIdPrefix?: string;
}

/** The root module of every service: its database, the messaging backbone, dead-letter ops, health and metrics. */
@Module({})
export class ServiceModule {
  static forService(options: ServiceModuleOptions): DynamicModule {
    return {
      module: ServiceModule,
      imports: [
        TypeOrmModule.forRoot(options.dataSource),
        MessagingModule.forRoot({ metrics: consumerMetrics, onOutboxPublished: (n) => outboxPublished.inc(n), ...options.messaging, serviceName: options.serviceName, schema: options.schema }),
        DeadLettersModule.forRoot(options.deadLetterIdPrefix ?? deadLetterIdPrefixOf(options.schema)),
        HealthModule,
        MetricsModule,
        ...(options.imports ?? []),
      ],
      providers: [OutboxMetrics],
    };
  }
}
