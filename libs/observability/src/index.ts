export * from './logger';
export * from './trace-context';
export * from './trace-middleware';
export * from './tracing/json-lines-span-exporter';
export * from './tracing/message-attributes';
export * from './tracing/spans';
export * from './tracing/tracing';
export * from './tracing/tracing-config';
export { SpanKind, SpanStatusCode, type Attributes, type Link, type Span } from '@opentelemetry/api';
