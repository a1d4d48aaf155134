import * as path from 'node:path';
import { tracingConfigFromEnv } from './tracing-config';

describe('tracing configuration from the environment', () => {
  it('exports nowhere by default, samples parent-based always-on', () => {
    expect(tracingConfigFromEnv('order-service', {})).toMatchObject({ serviceName: 'order-service', export: { kind: 'none' }, samplerName: 'parentbased_always_on' });
  });

  it('OTLP when an endpoint is set (it wins over a file), a file of this service otherwise', () => {
    expect(tracingConfigFromEnv('s', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_FILE: 'x.jsonl' }).export).toEqual({ kind: 'otlp', url: 'http://collector:4318/v1/traces' });
    expect(tracingConfigFromEnv('s', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector/otlp/' }).export).toEqual({ kind: 'otlp', url: 'https://collector/otlp/v1/traces' });
    expect(tracingConfigFromEnv('s', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }).export).toEqual({ kind: 'otlp', url: 'http://tempo:4318/custom' });
    expect(tracingConfigFromEnv('s', { OTEL_TRACES_EXPORTER: 'otlp' }).export).toEqual({ kind: 'otlp', url: 'http://localhost:4318/v1/traces' });
    expect(tracingConfigFromEnv('order-service', { OTEL_TRACES_FILE: '.traces/{service}.jsonl' }).export).toEqual({ kind: 'file', path: path.resolve('.traces/order-service.jsonl') });
    expect(tracingConfigFromEnv('s', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).export).toEqual({ kind: 'none' });
  });

  it('OTEL_SERVICE_NAME overrides the name, also in the file name', () => {
    const config = tracingConfigFromEnv('s', { OTEL_SERVICE_NAME: 'renamed', OTEL_TRACES_FILE: '/tmp/t/{service}.jsonl' });
    expect(config.serviceName).toBe('renamed');
    expect(config.export).toEqual({ kind: 'file', path: '/tmp/t/renamed.jsonl' });
  });

  it('samples by ratio, parent-based or not', () => {
    expect(tracingConfigFromEnv('s', { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).sampler.toString()).toBe(
      'ParentBased{root=TraceIdRatioBased{0.25}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
    );
    expect(tracingConfigFromEnv('s', { OTEL_TRACES_SAMPLER: 'TraceIdRatio' }).samplerName).toBe('traceidratio(1)');
    expect(tracingConfigFromEnv('s', { OTEL_TRACES_SAMPLER: 'always_off' }).sampler.toString()).toBe('AlwaysOffSampler');
  });

  it('refuses what it does not know, naming the variable and what it takes', () => {
    expect(() => tracingConfigFromEnv('s', { OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER=sometimes: expected one of always_on, .*parentbased_traceidratio/);
    expect(() => tracingConfigFromEnv('s', { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow('OTEL_TRACES_SAMPLER_ARG=1.5: expected a ratio between 0 and 1');
    expect(() => tracingConfigFromEnv('s', { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' })).toThrow('OTEL_TRACES_SAMPLER_ARG=half');
    expect(() => tracingConfigFromEnv('s', { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow('OTEL_TRACES_EXPORTER=zipkin: expected one of otlp, file, none');
    expect(() => tracingConfigFromEnv('s', { OTEL_TRACES_EXPORTER: 'file' })).toThrow('needs OTEL_TRACES_FILE');
    expect(() => tracingConfigFromEnv('s', { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT=not a url: not a URL');
    expect(() => tracingConfigFromEnv('s', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318' })).toThrow('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=collector:4318: expected an http:// or https:// URL');
  });
});
