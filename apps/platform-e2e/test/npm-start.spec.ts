import { workspaceRoot } from '@parcelstream/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';

const OFFSET = 10_450; // services on 13451–13454, the simulator on 13550, the gateway on 18530
const GATEWAY = `http://127.0.0.1:${8080 + OFFSET}`;
const withoutKey = (env: NodeJS.ProcessEnv, key: string) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== key));

/**
 * The README's first command, `npm start` (tools/dev/start-platform.mjs), as a user runs it: it brings the
 * platform up, seeds demo data through the public API, prints a buyer token that works, and Ctrl-C stops
 * every process it started. Here on shifted ports, a database of its own and the test broker.
 */
describe('npm start: the whole platform, demo data, a buyer token, Ctrl-C (real Kafka and Postgres)', () => {
  const database = `parcelstream_start_${randomBytes(4).toString('hex')}`;
  let child: ChildProcess;
  const output: string[] = [];

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    const admin = new Client({ connectionString: process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
    await admin.end();
  });

  it('starts, seeds, answers with the printed token, and stops cleanly on SIGINT', async () => {
    child = spawn(process.execPath, [path.join(workspaceRoot(), 'tools/dev/start-platform.mjs')], {
      cwd: workspaceRoot(),
      // the services' own consumer groups (their names), as a user's platform runs them
      env: { ...withoutKey(process.env, 'KAFKA_CONSUMER_GROUP'), PARCELSTREAM_PORT_OFFSET: String(OFFSET), DATABASE_NAME: database, SKIP_BUILD: '1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      const scan = (d: Buffer) => {
        output.push(...d.toString().split('\n'));
        if (output.some((l) => l.includes('platform ready'))) resolve();
      };
      child.stdout!.on('data', scan);
      child.stderr!.on('data', scan);
      void exited.then((code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-40).join('\n')}`)));
    });
    await ready;

    const token = /buyer token\s+(\S+)/.exec(output.join('\n'))?.[1];
    expect(token).toBeDefined();
    const orders = await fetch(`${GATEWAY}/v1/orders`, { headers: { authorization: `Bearer ${token}` } });
    expect(orders.status).toBe(200);
    const listed = (await orders.json()) as { items: { orderNumber: string }[] };
    const printed = [...output.join('\n').matchAll(/(PS-[A-Z0-9-]+) \(demo-buyer\)/g)].map((m) => m[1]);
    expect(printed.length).toBeGreaterThanOrEqual(3);
    expect(listed.items.map((o) => o.orderNumber).sort()).toEqual([...printed].sort());
    const page = await fetch(`${GATEWAY}/track/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.join('\n')).toContain('stopped');
    await expect(fetch(`${GATEWAY}/health/live`)).rejects.toThrow();
  }, 240_000);
});
