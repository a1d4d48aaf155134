'use strict';
/**
 * Reading the JSON-lines span files the services write (libs/observability JsonLinesSpanExporter: one SpanRecord
 * per line) and turning them into the tree of one trace, for `npm run traces`.
 *
 * A SpanRecord: { traceId, spanId, parentSpanId?, name, kind, service, startTime, startUs, durationUs, status,
 * statusMessage?, attributes, links: [{ traceId, spanId, attributes? }], events: [{ name, time, attributes? }] }.
 */
const fs = require('node:fs');
const path = require('node:path');

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_FILE = /\.jsonl(\.1)?$/;

/** Every span of every `*.jsonl` (and rotated `*.jsonl.1`) file in `dir`; lines that are not spans are counted, not fatal. */
function readSpanFiles(dir) {
  const files = fs
    .readdirSync(dir)
    .filter((f) => SPAN_FILE.test(f))
    .sort();
  const spans = [];
  let skipped = 0;
  for (const file of files) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const span = JSON.parse(line);
        if (TRACE_ID.test(span.traceId) && typeof span.spanId === 'string') spans.push(span);
        else skipped++;
      } catch {
        skipped++; // a line cut short by a crash mid-write
      }
    }
  }
  return { spans, files, skipped };
}

/** Whether an attribute value names `query`: equal, an array holding it, or a URL path with it as a segment. */
function valueMatches(name, value, query) {
  if (Array.isArray(value)) return value.some((v) => String(v) === query);
  if (String(value) === query) return true;
  return name === 'url.path' && typeof value === 'string' && value.split('/').includes(query);
}

function spanMatches(span, query) {
  const attributeSets = [span.attributes ?? {}, ...(span.links ?? []).map((l) => l.attributes ?? {})];
  return attributeSets.some((attrs) => Object.entries(attrs).some(([name, value]) => valueMatches(name, value, query)));
}

/**
 * The trace ids `query` stands for, oldest trace first: a trace id itself, or the traces with a span whose
 * attributes name it (a shipment id, tracking number, order number, event id: see valueMatches).
 */
function findTraceIds(spans, query) {
  const q = query.trim();
  if (TRACE_ID.test(q.toLowerCase()) && spans.some((s) => s.traceId === q.toLowerCase())) return [q.toLowerCase()];
  const firstStart = new Map();
  for (const s of spans) {
    if (!spanMatches(s, q)) continue;
    firstStart.set(s.traceId, Math.min(firstStart.get(s.traceId) ?? Infinity, s.startUs));
  }
  for (const s of spans) if (firstStart.has(s.traceId)) firstStart.set(s.traceId, Math.min(firstStart.get(s.traceId), s.startUs));
  return [...firstStart.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

/**
 * The tree of trace `traceId`: its spans under their parents (a span whose parent was not recorded is a root),
 * children by start time; and, under the span they link to, the spans of OTHER traces that link into this one
 * (a consumer's chunk span that began in another message's trace) with their subtrees, marked `linked`. Links
 * are followed one level deep. Returns { traceId, roots, nodes (every node, in tree order), startUs, endUs }.
 */
function buildTrace(spans, traceId) {
  const unique = dedupe(spans);
  const byTrace = new Map();
  for (const s of unique) {
    if (!byTrace.has(s.traceId)) byTrace.set(s.traceId, []);
    byTrace.get(s.traceId).push(s);
  }
  const own = byTrace.get(traceId) ?? [];
  const nodes = new Map(own.map((s) => [s.spanId, { span: s, children: [], linked: false }]));
  const roots = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId && nodes.get(node.span.parentSpanId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const placed = new Set(nodes.keys());
  const linking = unique.filter((s) => s.traceId !== traceId && (s.links ?? []).some((l) => l.traceId === traceId && nodes.has(l.spanId)));
  for (const s of linking.sort((a, b) => a.startUs - b.startUs)) {
    if (placed.has(s.spanId)) continue; // already inside an earlier linked subtree
    const target = nodes.get(s.links.find((l) => l.traceId === traceId && nodes.has(l.spanId)).spanId);
    target.children.push(subtree(s, byTrace.get(s.traceId), placed, true));
  }
  const ordered = [];
  const visit = (node) => {
    node.children.sort((a, b) => a.span.startUs - b.span.startUs);
    ordered.push(node);
    node.children.forEach(visit);
  };
  roots.sort((a, b) => a.span.startUs - b.span.startUs).forEach(visit);
  const all = ordered.map((n) => n.span);
  return {
    traceId,
    roots,
    nodes: ordered,
    startUs: Math.min(...all.map((s) => s.startUs)),
    endUs: Math.max(...all.map((s) => s.startUs + s.durationUs)),
  };
}

function subtree(span, traceSpans, placed, linked) {
  placed.add(span.spanId);
  const children = traceSpans.filter((s) => s.parentSpanId === span.spanId && !placed.has(s.spanId)).map((c) => subtree(c, traceSpans, placed, false));
  return { span, children, linked };
}

/** A span can be exported twice (a retried export): keep one per id. */
function dedupe(spans) {
  return [...new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s])).values()];
}

const ms = (us) => `${(us / 1000).toFixed(1)} ms`;
const NOTED = ['http.response.status_code', 'parcelstream.aggregate_id', 'messaging.batch.message_count'];

/** The tree as text: offset from the trace's start, duration, the span, its service, and what went wrong. */
function formatTrace(tree) {
  const services = [...new Set(tree.nodes.map((n) => n.span.service))];
  const errors = tree.nodes.filter((n) => n.span.status === 'ERROR').length;
  const lines = [
    `trace ${tree.traceId}: ${tree.nodes.length} spans, ${services.length} services (${services.join(', ')}), ${errors} errors, ${ms(tree.endUs - tree.startUs)}`,
    `${'start'.padStart(10)} ${'duration'.padStart(10)}  span · service`,
  ];
  const walk = (node, prefix, isLast, isRoot) => {
    const { span } = node;
    const notes = NOTED.filter((a) => span.attributes?.[a] !== undefined).map((a) => `${a.split('.').pop()}=${span.attributes[a]}`);
    if (node.linked) notes.unshift(`linked, trace ${span.traceId}`);
    if (isRoot && span.parentSpanId) notes.push('parent not recorded');
    if (span.status === 'ERROR') notes.push(`ERROR${span.statusMessage ? `: ${span.statusMessage}` : ''}`);
    for (const e of span.events ?? []) if (e.name !== 'exception') notes.push(`event: ${e.name}`);
    const branch = isRoot ? '' : `${prefix}${isLast ? '└─ ' : '├─ '}`;
    const text = `${span.name} · ${span.service}${notes.length ? `  [${notes.join('; ')}]` : ''}`;
    lines.push(`${ms(span.startUs - tree.startUs).padStart(10)} ${ms(span.durationUs).padStart(10)}  ${branch}${text}`);
    const childPrefix = isRoot ? '' : `${prefix}${isLast ? '   ' : '│  '}`;
    node.children.forEach((c, i) => walk(c, childPrefix, i === node.children.length - 1, false));
  };
  tree.roots.forEach((r) => walk(r, '', true, true));
  return lines.join('\n');
}

module.exports = { readSpanFiles, findTraceIds, buildTrace, formatTrace, spanMatches };
