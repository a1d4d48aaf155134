/**
 * What every bench needs around the code it measures: a private Kafka broker (instance `bench`, fresh data),
 * databases of its own made with the project's tooling (tools/db: roles, schemas; each app's built migrate.js),
 * the BUILT apps (dist/apps/<app>/main.js) as separate processes, and a clean-up that undoes all of it — also
 * on Ctrl-C or a failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const kafka = require(path.join(ROOT, 'tools/kafka/local-kafka.cjs'));
const { setupDatabase, DEFAULT_ADMIN_URL, urlFor } = require(path.join(ROOT, 'tools/db/database-setup.cjs'));

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (msg) => process.stdout.write(`\x1b[36m▸\x1b[0m ${msg}\n`);

export class BenchRun {
  #cleanups = [];
  #cleaning = false;

  constructor(name) {
    this.name = name;
    this.adminUrl = process.env.DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
    const onSignal = (signal) => {
      process.stderr.write(`\n${signal}: cleaning up\n`);
      void this.cleanup().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  /** Registers an undo step; clean-up runs them last first. */
  defer(what, fn) {
    this.#cleanups.push({ what, fn });
  }

  async cleanup() {
    if (this.#cleaning) return;
    this.#cleaning = true;
    for (const { what, fn } of this.#cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        process.stderr.write(`clean-up of ${what} failed: ${e.message}\n`);
      }
    }
    this.#cleanups = [];
  }

  /** Runs `body(this)`, always cleans up, exits non-zero on failure. */
  async main(body) {
    try {
      await body(this);
    } catch (e) {
      process.stderr.write(`\n${this.name} failed: ${e.stack ?? e.message}\n`);
      process.exitCode = 1;
    } finally {
      await this.cleanup();
    }
  }

  /**
   * A private broker with fresh data (so no earlier run's messages are consumed), stopped at clean-up.
   * Refuses to touch an instance that is already running.
   */
  async broker({ name = 'bench', port, controllerPort }) {
    const status = kafka.status({ name, port, controllerPort });
    if (status.running) throw new Error(`Kafka instance "${name}" is already running (pid ${status.pid}): another bench? Stop it with \`node tools/kafka/kafka.cjs stop --name ${name}\``);
    kafka.reset({ name, port, controllerPort });
    log(`private Kafka broker "${name}" on 127.0.0.1:${port}`);
    const started = await kafka.start({ name, port, controllerPort });
    this.defer(`broker ${name}`, async () => {
      await kafka.stop({ name, port, controllerPort });
      kafka.reset({ name, port, controllerPort });
    });
    return started.brokers;
  }

  /** A database of its own with the platform's roles and schemas (tools/db), dropped at clean-up. */
  async database(label) {
    const database = `parcelstream_bench_${label}_${randomBytes(3).toString('hex')}`;
    const urls = await setupDatabase({ adminUrl: this.adminUrl, database });
    this.defer(`database ${database}`, () => dropDatabase(this.adminUrl, database));
    return { database, urls, adminUrl: urlFor(this.adminUrl, database) };
  }

  /** The built app's migrations (dist/apps/<app>/migrate.js) with its own role. */
  migrate(app, databaseUrl) {
    const script = path.join(builtAppDir(app), 'migrate.js');
    const r = spawnSync(process.execPath, [script], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${app} migrations failed:\n${r.stdout}\n${r.stderr}`);
  }

  /**
   * Starts `node dist/apps/<app>/main.js` and waits until `readyPath` answers 200. Stopped (SIGTERM) at
   * clean-up unless stopped before. Its output is kept for a failure message (last lines only); `assertAlive()`
   * throws with it once the app has exited.
   */
  async startApp(app, { port, env, readyPath = '/health/ready', portVariable = 'PORT', timeoutMs = 90_000 }) {
    // BENCH_NODE_ARGS: node flags for the apps, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, path.join(builtAppDir(app), 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env, [portVariable]: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    const keep = (d) => {
      output.push(...d.toString().split('\n').filter(Boolean));
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    /** throws, with the app's last lines, once it has exited (an exit code, or the signal that killed it) */
    const assertAlive = (when = '') => {
      const status = child.exitCode ?? child.signalCode;
      if (status !== null) throw new Error(`${app} exited${when} (${status}):\n${output.slice(-30).join('\n')}`);
    };
    const baseUrl = `http://127.0.0.1:${port}`;
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    };
    this.defer(app, stop);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      assertAlive(' during start');
      try {
        if ((await fetch(`${baseUrl}${readyPath}`)).status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`${app} not ready after ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`);
      await sleep(200);
    }
    return { app, pid: child.pid, baseUrl, output, stop, assertAlive };
  }
}

/** `BENCH_DIST=<dir>` runs the apps of another build (e.g. a copy of an earlier dist/) to compare two builds. */
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist');

export function builtAppDir(app) {
  const dir = path.join(DIST, 'apps', app);
  if (!existsSync(path.join(dir, 'main.js'))) throw new Error(`${path.relative(ROOT, dir)}/main.js is missing: build it first (npx nx build ${app})`);
  return dir;
}

async function dropDatabase(adminUrl, database) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    await client.query(`DROP DATABASE IF EXISTS "${database}"`);
  } finally {
    await client.end();
  }
}

/** A pg pool on a URL, closed at clean-up. */
export function pool(run, url, max = 4) {
  const p = new pg.Pool({ connectionString: url, max });
  run.defer('pg pool', () => p.end());
  return p;
}
