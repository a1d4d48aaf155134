export * from './docker-available';
export * from './test-database';
export * from './test-kafka';
export * from './unique-names';
export * from './wait-for';
export * from './built-service';
export * from './cloud-event-message';
export * from './topic-recorder';
