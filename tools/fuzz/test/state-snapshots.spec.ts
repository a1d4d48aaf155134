import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const { StateWatch, diffSnapshots, unexplainedChanges } = require('../state-snapshots.cjs') as typeof import('../state-snapshots.cjs');

const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('state snapshots: what a refused request may not have changed (real Postgres)', () => {
  const database = `parcelstream_fuzzstate_${randomBytes(4).toString('hex')}`;
  const schema = 'svc';
  let admin: Client;
  let db: Client;

  beforeAll(async () => {
    admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    db = new Client({ connectionString: url.toString() });
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.inbox (consumer text, event_id text, PRIMARY KEY (consumer, event_id))`);
    await db.query(`CREATE TABLE ${schema}.outbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text)`);
    await db.query(`CREATE TABLE ${schema}.things (id int PRIMARY KEY, v text)`);
    await db.query(`CREATE TABLE ${schema}.raw_payloads (id bigint PRIMARY KEY, outcome text)`);
    await db.query(`CREATE TABLE ${schema}.dead_letter (id int PRIMARY KEY)`);
    await db.query(`INSERT INTO ${schema}.things VALUES (1, 'a'), (2, 'b')`);
  });

  afterAll(async () => {
    await db?.end();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
    await admin.end();
  });

  it('finds a row a request added, changed or removed, and nothing when nothing happened', async () => {
    const watch = new StateWatch(db, [schema]);
    await watch.init();
    expect(await watch.check([schema], { refusedOnly: true })).toEqual([]);
    await db.query(`UPDATE ${schema}.things SET v = 'changed' WHERE id = 1`);
    await db.query(`DELETE FROM ${schema}.things WHERE id = 2`);
    await db.query(`INSERT INTO ${schema}.things VALUES (3, 'new')`);
    expect((await watch.check([schema], { refusedOnly: true })).sort()).toEqual(['svc.things: row [1] changed', 'svc.things: row [2] removed', 'svc.things: row [3] added']);
    // the new state is the baseline: checked again, nothing
    expect(await watch.check([schema], { refusedOnly: true })).toEqual([]);
  });

  it("excuses a consumer's transaction (it wrote an inbox row), new dead letters, and the outbox", async () => {
    const watch = new StateWatch(db, [schema]);
    await watch.init();
    await db.query('BEGIN');
    await db.query(`INSERT INTO ${schema}.inbox VALUES ('tracking', 'e-1')`);
    await db.query(`UPDATE ${schema}.things SET v = 'by a consumer' WHERE id = 1`);
    await db.query('COMMIT');
    await db.query(`INSERT INTO ${schema}.dead_letter VALUES (1)`);
    await db.query(`INSERT INTO ${schema}.outbox (payload) VALUES ('published soon')`);
    expect(await watch.check([schema], { refusedOnly: true })).toEqual([]);
  });

  it('allows one archived REJECTED payload per refused webhook request, and nothing else in raw_payloads', async () => {
    const watch = new StateWatch(db, [schema]);
    await watch.init();
    await db.query(`INSERT INTO ${schema}.raw_payloads VALUES (10, 'REJECTED'), (11, 'REJECTED')`);
    expect(await watch.check([schema], { refusedOnly: true, refusedWebhooks: 1 })).toEqual(['svc.raw_payloads: row [11] added']);
    await db.query(`INSERT INTO ${schema}.raw_payloads VALUES (12, 'ACCEPTED')`);
    expect(await watch.check([schema], { refusedOnly: true, refusedWebhooks: 5 })).toEqual(['svc.raw_payloads: row [12] added']);
  });

  it('does not compare after an accepted write, but takes its state as the new baseline', async () => {
    const watch = new StateWatch(db, [schema]);
    await watch.init();
    await db.query(`INSERT INTO ${schema}.things VALUES (20, 'accepted')`);
    expect(await watch.check([schema], { refusedOnly: false })).toEqual([]);
    expect(await watch.check([schema], { refusedOnly: true })).toEqual([]);
  });

  it('diffs by primary key (pure)', () => {
    const before = new Map([
      ['t\u0000[1]', { h: 'a', x: '5' }],
      ['t\u0000[2]', { h: 'b', x: '5' }],
    ]);
    const after = new Map([
      ['t\u0000[1]', { h: 'a2', x: '9' }],
      ['t\u0000[3]', { h: 'c', x: '9' }],
    ]);
    const diff = diffSnapshots(before, after);
    expect(diff).toEqual({ added: [{ table: 't', key: '[3]', xmin: '9' }], changed: [{ table: 't', key: '[1]', xmin: '9' }], removed: [{ table: 't', key: '[2]' }] });
    expect(unexplainedChanges('s', diff, { consumerXids: new Set(['9']) })).toEqual(['s.t: row [2] removed']);
  });
});
