export * from './event-batch';
export * from './health-indicators';
export * from './kafka-batch.transport';
export * from './messaging-lifecycle';
export * from './messaging-options';
export * from './messaging.module';
