import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { workspaceRoot } from './test-kafka';

export interface BuiltService {
  process: ChildProcess;
  output: string[];
  baseUrl: string;
  /** SIGTERM; resolves with the exit code */
  stop(): Promise<number | null>;
}

/** A database of its own, set up with the platform's roles and schemas (tools/db), dropped by `drop()`. */
export async function createPlatformDatabase(adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') {
  const database = `parcelstream_it_${randomBytes(4).toString('hex')}`;
  const { setupDatabase } = require(path.join(workspaceRoot(), 'tools/db/database-setup.cjs')) as {
    setupDatabase(o: { adminUrl: string; database: string }): Promise<Record<string, string>>;
  };
  const urls = await setupDatabase({ adminUrl, database });
  return {
    database,
    urls,
    drop: async () => {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Path of an app's webpack output (`nx run <app>:build`). */
export function builtAppDir(app: string): string {
  const dir = path.join(workspaceRoot(), 'dist', 'apps', app);
  if (!existsSync(path.join(dir, 'main.js'))) throw new Error(`${dir}/main.js is missing: build the app first (nx run ${app}:build)`);
  return dir;
}

/** Runs the built app's migrate.js with the given env; throws with its output on failure. */
export function migrateBuiltApp(app: string, env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [path.join(builtAppDir(app), 'migrate.js')], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${app} migrate failed: ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Starts the built app (`node dist/apps/<app>/main.js`) on `port` and waits until `readyPath` answers 200. */
export async function startBuiltApp(
  app: string,
  port: number,
  env: Record<string, string>,
  { timeoutMs = 30_000, readyPath = '/health/ready', portVariable = 'PORT' } = {},
): Promise<BuiltService> {
  const child = spawn(process.execPath, [path.join(builtAppDir(app), 'main.js')], {
    // a consumer group of its own per started app, unless the test names one (a restarted app keeps its group
    // when the test passes it again): apps of suites running side by side on one broker must not share a group
    env: { ...process.env, NODE_ENV: 'test', [portVariable]: String(port), KAFKA_CONSUMER_GROUP: `${app}-${randomBytes(4).toString('hex')}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${app} exited during start (${child.exitCode ?? child.signalCode}):\n${output.slice(-30).join('\n')}`);
    try {
      const res = await fetch(`${baseUrl}${readyPath}`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} not ready after ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    process: child,
    output,
    baseUrl,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
