import { context, diag, DiagLogLevel, trace, type DiagLogger, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_INSTANCE_ID, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { hostname } from 'node:os';
import { JsonLinesSpanExporter } from './json-lines-span-exporter';
import { tracingConfigFromEnv, type TraceExport } from './tracing-config';

/** What logs of the tracing SDK go to (export failures, dropped spans): a pino logger fits. */
export interface TracingLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface TracingOptions {
  serviceName: string;
  /** default: process.env */
  env?: NodeJS.ProcessEnv;
  /** export every span to this exporter as it ends, instead of what the environment says (tests: InMemorySpanExporter) */
  exporter?: SpanExporter;
  log?: TracingLog;
}

export interface TracingSummary {
  serviceName: string;
  /** `otlp http://collector:4318/v1/traces`, `file /path/x.jsonl`, `none`, `exporter` */
  exporter: string;
  sampler: string;
}

interface TracingState {
  provider: BasicTracerProvider;
  tracer: Tracer;
  /** set up by initTracing (not the lazy default) */
  configured: boolean;
  summary: TracingSummary;
}

const TRACER_NAME = '@parcelstream/observability';
/**
 * The links a span keeps: a consumer span links to the messages of its chunk, the first this many of them
 * (a larger chunk's links beyond it would be dropped by the SDK, so they are not even built).
 */
export const SPAN_LINK_LIMIT = 1_000;
let state: TracingState | undefined;
let contextManagerInstalled = false;

/**
 * Sets tracing up for this process: the service name (resource `service.name`), the sampler and the exporter
 * from the environment (tracing-config.ts), the AsyncLocalStorage context manager, the global tracer provider.
 * Replaces an earlier set-up (whose spans are flushed in the background). Throws TracingConfigError on a bad
 * variable.
 */
export function initTracing(options: TracingOptions): TracingSummary {
  const config = tracingConfigFromEnv(options.serviceName, options.env);
  installContextManager();
  if (options.log) diag.setLogger(diagLoggerOf(options.log), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  const processors = options.exporter ? [new SimpleSpanProcessor(options.exporter)] : processorsFor(config.export);
  const summary: TracingSummary = {
    serviceName: config.serviceName,
    exporter: options.exporter ? 'exporter' : describeExport(config.export),
    sampler: config.samplerName,
  };
  install(
    new BasicTracerProvider({
      resource: defaultResource()
        .merge(resourceFromAttributes({ [ATTR_SERVICE_INSTANCE_ID]: `${hostname()}:${process.pid}` }))
        .merge(detectResources({ detectors: [envDetector] }))
        .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName })),
      sampler: config.sampler,
      spanProcessors: processors,
      spanLimits: { linkCountLimit: SPAN_LINK_LIMIT },
    }),
    true,
    summary,
  );
  return summary;
}

/** initTracing from the environment, unless tracing was set up explicitly already (a test's exporter stays). */
export function ensureTracing(serviceName: string, log?: TracingLog): TracingSummary {
  if (state?.configured) return state.summary;
  return initTracing({ serviceName, log });
}

/** Exports what is buffered and stops exporting (graceful shutdown); waits at most `timeoutMs`. */
export async function shutdownTracing(timeoutMs = 5_000): Promise<void> {
  const current = state;
  if (!current) return;
  state = undefined;
  await withTimeout(current.provider.shutdown(), timeoutMs);
}

/** Exports what is buffered now (tests, and before a process exits on purpose). */
export async function flushTracing(timeoutMs = 5_000): Promise<void> {
  if (state) await withTimeout(state.provider.forceFlush(), timeoutMs);
}

/**
 * The tracer every span of ours comes from. Before initTracing (libraries used on their own, tests): spans
 * are made, with real ids that reach logs and headers, and are not exported.
 */
export function tracer(): Tracer {
  if (state) return state.tracer;
  installContextManager();
  const summary = { serviceName: 'unknown_service', exporter: 'none', sampler: 'parentbased_always_on' };
  return install(new BasicTracerProvider({ spanLimits: { linkCountLimit: SPAN_LINK_LIMIT } }), false, summary).tracer;
}

function install(provider: BasicTracerProvider, configured: boolean, summary: TracingSummary): TracingState {
  const previous = state;
  const next: TracingState = { provider, tracer: provider.getTracer(TRACER_NAME), configured, summary };
  state = next;
  trace.disable();
  trace.setGlobalTracerProvider(provider);
  if (previous) void previous.provider.shutdown().catch(() => undefined);
  return next;
}

function installContextManager(): void {
  if (contextManagerInstalled) return;
  contextManagerInstalled = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

function processorsFor(target: TraceExport): SpanProcessor[] {
  switch (target.kind) {
    case 'otlp':
      return [new BatchSpanProcessor(new OTLPTraceExporter({ url: target.url }))];
    case 'file':
      // local runs: spans reach the file within a second, for `npm run traces` (unless OTEL_BSP_SCHEDULE_DELAY says otherwise)
      return [new BatchSpanProcessor(new JsonLinesSpanExporter(target.path), process.env.OTEL_BSP_SCHEDULE_DELAY ? {} : { scheduledDelayMillis: 500 })];
    case 'none':
      return [];
  }
}

function describeExport(target: TraceExport): string {
  switch (target.kind) {
    case 'otlp':
      return `otlp ${target.url}`;
    case 'file':
      return `file ${target.path}`;
    case 'none':
      return 'none';
  }
}

function diagLoggerOf(log: TracingLog): DiagLogger {
  const write = (level: 'warn' | 'error') => (message: string, ...args: unknown[]) =>
    log[level]({ context: 'OpenTelemetry', ...(args.length ? { detail: args.map((a) => (a instanceof Error ? a.message : a)) } : {}) }, message);
  const ignore = () => undefined;
  return { error: write('error'), warn: write('warn'), info: ignore, debug: ignore, verbose: ignore };
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
