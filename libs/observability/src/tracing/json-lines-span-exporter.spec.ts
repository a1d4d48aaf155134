import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JsonLinesSpanExporter, type SpanRecord } from './json-lines-span-exporter';

describe('JSON-lines span exporter', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'spans-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (file: string): SpanRecord[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as SpanRecord);

  /** real SDK spans: a provider of service `svc` whose spans go to `exporter` as they end */
  function spansTo(exporter: JsonLinesSpanExporter) {
    const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'svc' }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
    return { tracer: provider.getTracer('test'), provider };
  }

  it('writes one line per span: ids, parent, service, kind, times, status, attributes, links, events', async () => {
    const file = path.join(dir, 'nested', 'svc.jsonl'); // the directory is created
    const exporter = new JsonLinesSpanExporter(file);
    const { tracer, provider } = spansTo(exporter);
    const other = tracer.startSpan('other');
    other.end();
    const parent = tracer.startSpan('parent', { kind: SpanKind.SERVER, attributes: { 'http.route': '/orders' } });
    const links = [{ context: other.spanContext(), attributes: { 'messaging.message.id': 'e-1' } }];
    const child = tracer.startSpan('child', { kind: SpanKind.PRODUCER, links }, trace.setSpan(ROOT_CONTEXT, parent));
    child.addEvent('retry scheduled', { attempt: 2 });
    child.setStatus({ code: 2, message: 'boom' });
    child.end();
    parent.end();
    await provider.forceFlush();
    await exporter.forceFlush();

    const [o, c, p] = lines(file);
    expect(p).toMatchObject({ name: 'parent', kind: 'SERVER', service: 'svc', status: 'UNSET', attributes: { 'http.route': '/orders' }, links: [], events: [] });
    expect(p.parentSpanId).toBeUndefined();
    expect(c).toMatchObject({
      name: 'child',
      kind: 'PRODUCER',
      traceId: p.traceId,
      parentSpanId: p.spanId,
      status: 'ERROR',
      statusMessage: 'boom',
      links: [{ traceId: o.traceId, spanId: o.spanId, attributes: { 'messaging.message.id': 'e-1' } }],
      events: [{ name: 'retry scheduled', attributes: { attempt: 2 } }],
    });
    expect(c.startUs).toBeGreaterThanOrEqual(p.startUs);
    expect(c.durationUs).toBeGreaterThanOrEqual(0);
    expect(Math.abs(Date.parse(c.startTime) - c.startUs / 1000)).toBeLessThan(1);
    await provider.shutdown();
  });

  it('appends to what is there and rotates to <file>.1 past maxBytes', async () => {
    const file = path.join(dir, 'svc.jsonl');
    const first = new JsonLinesSpanExporter(file, { maxBytes: 1_500 });
    const a = spansTo(first);
    for (let i = 0; i < 3; i++) a.tracer.startSpan(`span-${i}`).end();
    await first.shutdown();
    expect(lines(file).map((s) => s.name)).toEqual(['span-0', 'span-1', 'span-2']);

    const second = new JsonLinesSpanExporter(file, { maxBytes: 1_500 }); // a restart appends, counting the size already there
    const b = spansTo(second);
    for (let i = 3; i < 8; i++) b.tracer.startSpan(`span-${i}`).end();
    await second.shutdown();
    expect(existsSync(`${file}.1`)).toBe(true);
    const all = [...lines(`${file}.1`), ...lines(file)].map((s) => s.name);
    expect(all).toEqual(['span-0', 'span-1', 'span-2', 'span-3', 'span-4', 'span-5', 'span-6', 'span-7'].slice(-all.length));
    expect(all.length).toBeGreaterThanOrEqual(4); // at most one generation is dropped, and not the newest
    expect(lines(file).at(-1)?.name).toBe('span-7');
  });

  it('reports a failed write instead of throwing', async () => {
    const exporter = new JsonLinesSpanExporter(dir); // a directory: appendFile fails
    const span = { name: 'x' } as unknown as ReadableSpan;
    const result = await new Promise<ExportResult>((resolve) => exporter.export([], resolve));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/EISDIR/);
    await exporter.shutdown();
    const afterShutdown = await new Promise<ExportResult>((resolve) => exporter.export([span], resolve));
    expect(afterShutdown).toMatchObject({ code: ExportResultCode.FAILED, error: expect.objectContaining({ message: expect.stringContaining('shut down') }) });
  });
});
