#!/usr/bin/env node
/**
 * npm test — runs every project's tests against a real Kafka broker and a real PostgreSQL:
 *  - PostgreSQL: DATABASE_URL / DATABASE_ADMIN_URL, else the machine's own on 127.0.0.1:5432;
 *  - Kafka: KAFKA_BROKERS, else the project's local broker instance `test` (127.0.0.1:19092), started here
 *    (the jars are fetched with Maven on first use) and stopped at the end.
 * Extra arguments go to `nx run-many` (e.g. `npm test -- --projects=messaging`).
 * Without extra arguments, the platform runs follow the projects' tests, each counted as one test: `npm run fuzz:ci`
 * (2,000 generated requests against the built platform) and `npm run chaos -- --quick` (10,000 carrier events
 * through the built platform while every process is SIGKILLed once, the broker stopped twice and PostgreSQL
 * stopped for 30 s). PARCELSTREAM_SKIP_PLATFORM_RUNS=1 leaves them out.
 * Prints, last, one line: `tests: <n> passed, <n> failed`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const kafka = require(path.join(root, 'tools/kafka/local-kafka.cjs'));

function checkPostgres() {
  const url = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const r = spawnSync('pg_isready', ['-d', url], { encoding: 'utf8' });
  if (r.error?.code === 'ENOENT') return; // no client tools: the tests will say it
  if (r.status !== 0) {
    console.error(`PostgreSQL is not reachable at ${url.replace(/:[^:@/]*@/, ':***@')}: ${r.stdout.trim()}`);
    console.error('start it (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start) or set DATABASE_ADMIN_URL');
    process.exit(2);
  }
}

/** Whole-platform runs after the projects' tests (built apps, real broker and PostgreSQL): npm arguments (package.json's scripts). */
const PLATFORM_RUNS = [
  ['run', 'fuzz:ci'],
  ['run', 'chaos', '--', '--quick'],
];

const MAX_FAILURES = 30;
const ERROR_LINES = 8;

/** jest's `<project>: ● <describe> › <test>` header, then the error's first lines under it (same project prefix) */
function collectFailure(plain, failures, capturing) {
  const header = /^([\w-]+):\s+● (.+)$/.exec(plain);
  if (header) {
    const [, project, title] = header;
    capturing.delete(project);
    if (title.trim() === 'Console' || failures.length >= MAX_FAILURES) return;
    const failure = { project, title: title.trim(), lines: [] };
    failures.push(failure);
    capturing.set(project, failure);
    return;
  }
  const line = /^([\w-]+):\s*(.*)$/.exec(plain);
  const failure = line && capturing.get(line[1]);
  if (!failure) return;
  const text = line[2].trim();
  if (/^(PASS|FAIL|Test Suites:|Tests:)\s/.test(text)) return void capturing.delete(line[1]); // the suite is over
  if (text && !/^(>?\s*\d+ )?\|/.test(text)) failure.lines.push(text.slice(0, 300)); // not jest's code frame
  if (failure.lines.length >= ERROR_LINES) capturing.delete(line[1]);
}

async function main() {
  checkPostgres();
  let startedHere = false;
  if (!process.env.KAFKA_BROKERS) {
    const broker = await kafka.start({ name: 'test' });
    startedHere = !broker.alreadyRunning;
    process.env.KAFKA_BROKERS = broker.brokers;
  }
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_USE_LOCAL: 'true', SCARF_ANALYTICS: 'false', FORCE_COLOR: '0' };
  const args = ['nx', 'run-many', '-t', 'test', '--parallel=2', '--output-style=stream', ...process.argv.slice(2)];
  const totals = { passed: 0, failed: 0, skipped: 0 };
  /** each failed test's title and the first lines of its error, repeated at the end (a long log's tail is what people see) */
  const failures = [];
  const capturing = new Map(); // project → the failure whose error lines are being collected
  const code = await new Promise((resolve) => {
    const child = spawn('npx', args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const scan = (chunk, out) => {
      out.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
        collectFailure(plain, failures, capturing);
        const tap = /^(?:[\w-]+:\s+)?# (pass|fail) (\d+)$/.exec(plain.trim()); // node --test (tools/chaos)
        if (tap) totals[tap[1] === 'pass' ? 'passed' : 'failed'] += Number(tap[2]);
        const m = /Tests:\s+(.*\d+ total)/.exec(plain);
        if (!m) continue;
        for (const [, n, kind] of m[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
      }
    };
    child.stdout.on('data', (c) => scan(c, process.stdout));
    child.stderr.on('data', (c) => scan(c, process.stderr));
    child.on('exit', (c) => resolve(c ?? 1));
  });
  let failed = code !== 0 && totals.failed === 0 ? 1 : totals.failed; // a crashed project counts as a failure
  if (process.argv.length === 2 && process.env.PARCELSTREAM_SKIP_PLATFORM_RUNS !== '1') {
    for (const npmArgs of PLATFORM_RUNS) {
      const name = `npm ${npmArgs.join(' ')}`;
      const started = Date.now();
      process.stdout.write(`\n==> platform run: ${name}\n`);
      const rc = await new Promise((resolve) => {
        const child = spawn('npm', npmArgs, { cwd: root, env, stdio: 'inherit' });
        child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
      });
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`==> platform run: ${name} ${rc === 0 ? 'passed' : `FAILED (exit ${rc})`} in ${seconds} s\n`);
      if (rc === 0) totals.passed += 1;
      else failed += 1;
    }
  }
  if (startedHere) await kafka.stop({ name: 'test' });
  if (failures.length > 0) {
    console.log(`\nfailed tests (${failures.length}${failures.length === MAX_FAILURES ? ' or more' : ''}):`);
    for (const f of failures) console.log([`  ${f.project}: ${f.title}`, ...f.lines.map((l) => `      ${l}`)].join('\n'));
  }
  console.log(`tests: ${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  process.exit(code !== 0 || failed > 0 ? code || 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
