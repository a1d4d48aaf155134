import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { initTracing } from '../src';

/** Tracing set up with an in-memory exporter: every span is there as soon as it ends. */
export function inMemoryTracing(serviceName = 'observability-test') {
  const exporter = new InMemorySpanExporter();
  initTracing({ serviceName, exporter, env: {} });
  return {
    exporter,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    named: (name: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.name === name),
    reset: () => exporter.reset(),
  };
}
