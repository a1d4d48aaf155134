import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace-base';
import * as path from 'node:path';

/** Where finished spans go. */
export type TraceExport =
  /**
   * OTLP over HTTP (JSON encoding) to a collector, Jaeger or Tempo: `url` is OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as
   * it is, or OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`; the exporter reads OTEL_EXPORTER_OTLP_HEADERS etc. itself
   */
  | { kind: 'otlp'; url: string }
  /** JSON lines appended to a file of this process (`npm run traces` reads them) */
  | { kind: 'file'; path: string }
  /** spans are made (their ids reach logs, headers and outbox rows) but not kept */
  | { kind: 'none' };

export interface TracingConfig {
  serviceName: string;
  export: TraceExport;
  sampler: Sampler;
  /** e.g. `parentbased_traceidratio(0.1)` */
  samplerName: string;
}

export class TracingConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TracingConfigError';
  }
}

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
const EXPORTERS = ['otlp', 'file', 'none'] as const;

/**
 * Reads the standard OpenTelemetry variables (and OTEL_TRACES_FILE, ours):
 * - OTEL_SERVICE_NAME overrides `serviceName`;
 * - OTEL_TRACES_EXPORTER `otlp` | `file` | `none`; when unset: `otlp` if OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is
 *   set, else `file` if OTEL_TRACES_FILE is set (`{service}` in it becomes the service name), else `none`;
 * - OTEL_TRACES_SAMPLER (default `parentbased_always_on`) and OTEL_TRACES_SAMPLER_ARG (a ratio in [0, 1]).
 * A value it does not know is an error naming the variable and what it accepts (the service does not start).
 */
export function tracingConfigFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const name = nonEmpty(env.OTEL_SERVICE_NAME) ?? serviceName;
  const { sampler, samplerName } = samplerFromEnv(env);
  return { serviceName: name, export: exportFromEnv(name, env), sampler, samplerName };
}

function exportFromEnv(serviceName: string, env: NodeJS.ProcessEnv): TraceExport {
  const tracesEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const baseEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const endpoint = tracesEndpoint ?? baseEndpoint;
  const file = nonEmpty(env.OTEL_TRACES_FILE);
  const chosen = nonEmpty(env.OTEL_TRACES_EXPORTER)?.toLowerCase() ?? (endpoint ? 'otlp' : file ? 'file' : 'none');
  if (!(EXPORTERS as readonly string[]).includes(chosen)) {
    throw new TracingConfigError(`OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER}: expected one of ${EXPORTERS.join(', ')}`);
  }
  if (chosen === 'otlp') {
    const variable = tracesEndpoint ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
    const given = endpoint ?? 'http://localhost:4318';
    let parsed: URL;
    try {
      parsed = new URL(given);
    } catch {
      throw new TracingConfigError(`${variable}=${given}: not a URL (e.g. http://otel-collector:4318)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TracingConfigError(`${variable}=${given}: expected an http:// or https:// URL`);
    return { kind: 'otlp', url: tracesEndpoint ?? `${given.replace(/\/+$/, '')}/v1/traces` };
  }
  if (chosen === 'file') {
    if (!file) throw new TracingConfigError('OTEL_TRACES_EXPORTER=file needs OTEL_TRACES_FILE (e.g. .traces/{service}.jsonl)');
    return { kind: 'file', path: path.resolve(file.replace(/\{service\}/g, serviceName)) };
  }
  return { kind: 'none' };
}

function samplerFromEnv(env: NodeJS.ProcessEnv): { sampler: Sampler; samplerName: string } {
  const raw = nonEmpty(env.OTEL_TRACES_SAMPLER)?.toLowerCase() ?? 'parentbased_always_on';
  if (!(SAMPLERS as readonly string[]).includes(raw)) {
    throw new TracingConfigError(`OTEL_TRACES_SAMPLER=${env.OTEL_TRACES_SAMPLER}: expected one of ${SAMPLERS.join(', ')}`);
  }
  const name = raw as (typeof SAMPLERS)[number];
  const ratio = () => {
    const arg = nonEmpty(env.OTEL_TRACES_SAMPLER_ARG);
    if (arg === undefined) return 1;
    const value = Number(arg);
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new TracingConfigError(`OTEL_TRACES_SAMPLER_ARG=${arg}: expected a ratio between 0 and 1 (e.g. 0.1)`);
    }
    return value;
  };
  switch (name) {
    case 'always_on':
      return { sampler: new AlwaysOnSampler(), samplerName: name };
    case 'always_off':
      return { sampler: new AlwaysOffSampler(), samplerName: name };
    case 'traceidratio': {
      const r = ratio();
      return { sampler: new TraceIdRatioBasedSampler(r), samplerName: `${name}(${r})` };
    }
    case 'parentbased_always_on':
      return { sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }), samplerName: name };
    case 'parentbased_always_off':
      return { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }), samplerName: name };
    case 'parentbased_traceidratio': {
      const r = ratio();
      return { sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(r) }), samplerName: `${name}(${r})` };
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}
