import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  service: string;
  startTime: string;
  startUs: number;
  durationUs: number;
  status: 'UNSET' | 'OK' | 'ERROR';
  statusMessage?: string;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string; attributes?: Record<string, unknown> }[];
  events: { name: string; time: string }[];
}
interface Node {
  span: Span;
  children: Node[];
  linked: boolean;
}
interface Tree {
  traceId: string;
  roots: Node[];
  nodes: Node[];
  startUs: number;
  endUs: number;
}
const { readSpanFiles, findTraceIds, buildTrace, formatTrace } = require('../span-tree.cjs') as {
  readSpanFiles(dir: string): { spans: Span[]; files: string[]; skipped: number };
  findTraceIds(spans: Span[], query: string): string[];
  buildTrace(spans: Span[], traceId: string): Tree;
  formatTrace(tree: Tree): string;
};

const T1 = 'a'.repeat(32);
const T2 = 'b'.repeat(32);
const T0 = 1_700_000_000_000_000; // epoch µs

function span(traceId: string, spanId: string, name: string, o: Partial<Span> & { at?: number; ms?: number } = {}): Span {
  const startUs = T0 + (o.at ?? 0) * 1000;
  return {
    traceId,
    spanId: spanId.padStart(16, '0'),
    name,
    kind: 'INTERNAL',
    service: 'svc',
    startTime: new Date(startUs / 1000).toISOString(),
    startUs,
    durationUs: (o.ms ?? 1) * 1000,
    status: 'UNSET',
    attributes: {},
    links: [],
    events: [],
    ...o,
    ...(o.parentSpanId ? { parentSpanId: o.parentSpanId.padStart(16, '0') } : {}),
  };
}
const names = (nodes: Node[]): unknown[] => nodes.map((n) => (n.children.length ? [n.span.name, names(n.children)] : n.span.name));

/** A parcel's request: gateway → order-service → outbox → relay, consumed in a chunk that began in trace T2. */
const parcel = [
  span(T1, '1', 'POST /v1/orders', { service: 'api-gateway', at: 0, ms: 50, attributes: { 'http.response.status_code': 201 } }),
  span(T1, '2', 'POST order-service', { service: 'api-gateway', parentSpanId: '1', at: 2, ms: 45 }),
  span(T1, '3', 'POST /orders', { service: 'order-service', parentSpanId: '2', at: 4, ms: 40, attributes: { 'url.path': '/orders' } }),
  span(T1, '5', 'send orders.order.events.v1', { service: 'order-service', parentSpanId: '4', at: 60, ms: 5, attributes: { 'parcelstream.aggregate_id': 'order-1' } }),
  span(T1, '4', 'create orders.order.events.v1', { service: 'order-service', parentSpanId: '3', at: 10, ms: 2, attributes: { 'parcelstream.order_numbers': ['PS-AAAA-BBBB-CCCC'] } }),
  // another parcel's trace, whose chunk span also carried order-1's message (a link)
  span(T2, '9', 'send orders.order.events.v1', { service: 'order-service', at: 55, ms: 4 }),
  span(T2, 'a', 'process orders.order.events.v1', {
    service: 'shipment-service',
    parentSpanId: '9',
    at: 70,
    ms: 20,
    links: [
      { traceId: T2, spanId: '9'.padStart(16, '0') },
      { traceId: T1, spanId: '5'.padStart(16, '0'), attributes: { 'parcelstream.aggregate_id': 'order-1' } },
    ],
  }),
  span(T2, 'b', 'handle parcelstream.order.created.v1', { service: 'shipment-service', parentSpanId: 'a', at: 72, ms: 15, status: 'ERROR', statusMessage: 'seller unknown' }),
];

describe('traces: the span tree of one trace', () => {
  it('nests spans under their parents by start time, and hangs the spans of other traces that link in under their target', () => {
    const tree = buildTrace(parcel, T1);
    expect(names(tree.roots)).toEqual([
      ['POST /v1/orders', [['POST order-service', [['POST /orders', [['create orders.order.events.v1', [['send orders.order.events.v1', [['process orders.order.events.v1', ['handle parcelstream.order.created.v1']]]]]]]]]]]],
    ]);
    expect(tree.nodes.filter((n) => n.linked).map((n) => n.span.name)).toEqual(['process orders.order.events.v1']);
    expect(tree.startUs).toBe(T0);
    expect(tree.endUs).toBe(T0 + 90_000); // the linked handler ends last
    // T2's own tree holds its spans only (nothing links from T1 into it)
    expect(names(buildTrace(parcel, T2).roots)).toEqual([['send orders.order.events.v1', [['process orders.order.events.v1', ['handle parcelstream.order.created.v1']]]]]);
  });

  it('a span whose parent was not recorded is a root; a span exported twice is shown once', () => {
    const tree = buildTrace([...parcel.slice(2), parcel[2]], T1); // the gateway's spans are missing
    expect(tree.roots.map((r) => r.span.name)).toEqual(['POST /orders']);
    expect(tree.nodes.filter((n) => n.span.name === 'POST /orders')).toHaveLength(1);
    expect(formatTrace(tree)).toContain('POST /orders · order-service  [parent not recorded]');
  });

  it('finds traces by trace id, or by any attribute naming the parcel (values, arrays, URL path segments, links), oldest first', () => {
    expect(findTraceIds(parcel, T1)).toEqual([T1]);
    expect(findTraceIds(parcel, T1.toUpperCase())).toEqual([T1]);
    expect(findTraceIds(parcel, 'PS-AAAA-BBBB-CCCC')).toEqual([T1]);
    expect(findTraceIds(parcel, 'orders')).toEqual([T1]); // url.path /orders
    expect(findTraceIds(parcel, 'order-1')).toEqual([T1, T2]); // T2's chunk span links to it; T1 began first
    expect(findTraceIds(parcel, 'nothing-like-it')).toEqual([]);
    expect(findTraceIds(parcel, 'c'.repeat(32))).toEqual([]);
  });

  it('prints offsets, durations, the tree, services, and what failed', () => {
    expect(formatTrace(buildTrace(parcel, T1)).split('\n')).toEqual([
      `trace ${T1}: 7 spans, 3 services (api-gateway, order-service, shipment-service), 1 errors, 90.0 ms`,
      '     start   duration  span · service',
      '    0.0 ms    50.0 ms  POST /v1/orders · api-gateway  [status_code=201]',
      '    2.0 ms    45.0 ms  └─ POST order-service · api-gateway',
      '    4.0 ms    40.0 ms     └─ POST /orders · order-service',
      '   10.0 ms     2.0 ms        └─ create orders.order.events.v1 · order-service',
      '   60.0 ms     5.0 ms           └─ send orders.order.events.v1 · order-service  [aggregate_id=order-1]',
      `   70.0 ms    20.0 ms              └─ process orders.order.events.v1 · shipment-service  [linked, trace ${T2}]`,
      '   72.0 ms    15.0 ms                 └─ handle parcelstream.order.created.v1 · shipment-service  [ERROR: seller unknown]',
    ]);
    const siblings = [span(T1, '1', 'root'), span(T1, '2', 'first', { parentSpanId: '1', at: 1 }), span(T1, '3', 'second', { parentSpanId: '1', at: 2 }), span(T1, '4', 'deep', { parentSpanId: '2', at: 3 })];
    expect(formatTrace(buildTrace(siblings, T1)).split('\n').slice(2).map((l) => l.slice(23))).toEqual(['root · svc', '├─ first · svc', '│  └─ deep · svc', '└─ second · svc']);
  });
});

describe('traces: files and the command', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'traces-cli-'));
    const lines = (spans: Span[]) => spans.map((s) => JSON.stringify(s)).join('\n') + '\n';
    writeFileSync(path.join(dir, 'api-gateway.jsonl'), lines(parcel.slice(0, 2)));
    writeFileSync(path.join(dir, 'order-service.jsonl.1'), lines(parcel.slice(2, 4)));
    writeFileSync(path.join(dir, 'order-service.jsonl'), lines([parcel[4], parcel[5]]) + '{"traceId": "cut short');
    writeFileSync(path.join(dir, 'shipment-service.jsonl'), lines(parcel.slice(6)));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a span file');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(__dirname, '..', 'traces.cjs'), ...args], { encoding: 'utf8' });

  it('reads every *.jsonl and rotated *.jsonl.1 file, skipping lines that are not spans', () => {
    const { spans, files, skipped } = readSpanFiles(dir);
    expect(files).toEqual(['api-gateway.jsonl', 'order-service.jsonl', 'order-service.jsonl.1', 'shipment-service.jsonl']);
    expect(spans).toHaveLength(parcel.length);
    expect(skipped).toBe(1);
  });

  it('prints the traces of a parcel; exit 1 when nothing matches, 2 on bad arguments or no files', () => {
    const found = cli('--dir', dir, 'PS-AAAA-BBBB-CCCC');
    expect(found.status).toBe(0);
    expect(found.stdout).toContain('1 trace(s) for "PS-AAAA-BBBB-CCCC"');
    expect(found.stdout).toContain('└─ handle parcelstream.order.created.v1 · shipment-service  [ERROR: seller unknown]');
    expect(found.stderr).toContain('1 line(s) that are not spans skipped');

    const limited = cli('--dir', dir, '--limit', '1', 'order-1');
    expect(limited.stdout).toContain('2 trace(s) for "order-1", the first 1 shown (--limit)');
    expect(limited.stdout.match(/^trace /gm)).toHaveLength(1);

    const none = cli('--dir', dir, 'PS-ZZZZ-ZZZZ-ZZZZ');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(`no trace matches "PS-ZZZZ-ZZZZ-ZZZZ" among 8 spans in 4 file(s) of ${dir}`);

    expect(cli('--dir', dir).status).toBe(2);
    expect(cli('--dir', dir, '--limit', 'x', 'q').stderr).toContain('--limit needs a whole number');
    const missing = cli('--dir', path.join(dir, 'nope'), 'q');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });
});
