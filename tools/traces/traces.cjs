#!/usr/bin/env node
'use strict';
/**
 * npm run traces -- <traceId | shipmentId | trackingNumber | orderNumber | event id> [--dir .traces] [--limit 20]
 *
 * Prints the span tree of the matching traces (oldest first) from the JSON-lines files the services write when
 * OTEL_TRACES_FILE is set (`npm start` writes `.traces/<service>.jsonl`): which service did what, when, for how
 * long, and what failed. Exit code 0: printed; 1: nothing matches; 2: bad arguments or no span files.
 */
const path = require('node:path');
const fs = require('node:fs');
const { readSpanFiles, findTraceIds, buildTrace, formatTrace } = require('./span-tree.cjs');

const USAGE = 'usage: npm run traces -- <traceId | shipmentId | trackingNumber | orderNumber> [--dir DIR] [--limit N]';

function parseArgs(argv) {
  const opts = { dir: process.env.OTEL_TRACES_DIR ?? path.resolve(__dirname, '..', '..', '.traces'), limit: 20, query: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') opts.dir = argv[++i];
    else if (a === '--limit') opts.limit = Number(argv[++i]);
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (opts.query === undefined) opts.query = a;
    else throw new Error(`one query at a time (got "${opts.query}" and "${a}")`);
  }
  if (opts.help) return opts;
  if (!opts.query) throw new Error('name a trace id, shipment id, tracking number or order number');
  if (!opts.dir) throw new Error('--dir needs a directory');
  if (!Number.isInteger(opts.limit) || opts.limit < 1) throw new Error('--limit needs a whole number of traces, 1 or more');
  return opts;
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!fs.existsSync(opts.dir) || !fs.statSync(opts.dir).isDirectory()) {
    process.stderr.write(`no span files: ${opts.dir} does not exist (start the platform with npm start, or set OTEL_TRACES_FILE for the services)\n`);
    return 2;
  }
  const { spans, files, skipped } = readSpanFiles(opts.dir);
  if (files.length === 0) {
    process.stderr.write(`no span files (*.jsonl) in ${opts.dir}\n`);
    return 2;
  }
  if (skipped > 0) process.stderr.write(`(${skipped} line(s) that are not spans skipped)\n`);
  const ids = findTraceIds(spans, opts.query);
  if (ids.length === 0) {
    process.stderr.write(`no trace matches "${opts.query}" among ${spans.length} spans in ${files.length} file(s) of ${opts.dir}\n`);
    return 1;
  }
  const shown = ids.slice(0, opts.limit);
  process.stdout.write(`${ids.length} trace(s) for "${opts.query}"${ids.length > shown.length ? `, the first ${shown.length} shown (--limit)` : ''}\n\n`);
  process.stdout.write(`${shown.map((id) => formatTrace(buildTrace(spans, id))).join('\n\n')}\n`);
  return 0;
}

process.exitCode = main();
