import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const { setupDatabase, DEFAULT_ADMIN_URL } = require('../database-setup.cjs') as {
  setupDatabase(opts: { adminUrl?: string; database: string }): Promise<Record<string, string>>;
  DEFAULT_ADMIN_URL: string;
};
const { SERVICES } = require('../services.cjs') as { SERVICES: { service: string; schema: string; role: string }[] };

const adminUrl = process.env.DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_URL;
const database = `parcelstream_iso_${randomBytes(4).toString('hex')}`;

async function asRole<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe("schema isolation: each service's role reaches only its own schema (real Postgres)", () => {
  let urls: Record<string, string>;

  beforeAll(async () => {
    urls = await setupDatabase({ adminUrl, database });
    await setupDatabase({ adminUrl, database }); // idempotent: a second run changes nothing and does not fail
    for (const { service, schema } of SERVICES) {
      await asRole(urls[service], (c) => c.query(`CREATE TABLE ${schema}.parcel_note (id int PRIMARY KEY, note text)`));
      await asRole(urls[service], (c) => c.query(`INSERT INTO parcel_note VALUES (1, 'own schema via search_path')`));
    }
  });

  afterAll(async () => {
    const admin = new URL(adminUrl);
    admin.pathname = '/postgres';
    await asRole(admin.toString(), async (c) => {
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
      await c.query(`DROP DATABASE IF EXISTS "${database}"`);
    });
  });

  it('lets each role read and write its own schema', async () => {
    for (const { service, schema } of SERVICES) {
      const rows = await asRole(urls[service], (c) => c.query(`SELECT note FROM ${schema}.parcel_note`));
      expect(rows.rows).toEqual([{ note: 'own schema via search_path' }]);
    }
  });

  const pairs = SERVICES.flatMap((reader) => SERVICES.filter((owner) => owner !== reader).map((owner) => [reader.service, owner.schema] as const));

  it.each(pairs)('%s cannot read, write or create in schema %s', async (reader, schema) => {
    await asRole(urls[reader], async (c) => {
      await expect(c.query(`SELECT * FROM ${schema}.parcel_note`)).rejects.toThrow(`permission denied for schema ${schema}`);
      await expect(c.query(`INSERT INTO ${schema}.parcel_note VALUES (2, 'x')`)).rejects.toThrow(`permission denied for schema ${schema}`);
      await expect(c.query(`CREATE TABLE ${schema}.intruder (id int)`)).rejects.toThrow(`permission denied for schema ${schema}`);
    });
  });

  it('gives no role a foothold in the public schema', async () => {
    for (const { service } of SERVICES) {
      await asRole(urls[service], async (c) => {
        await expect(c.query('CREATE TABLE public.shared_dump (id int)')).rejects.toThrow('permission denied for schema public');
      });
    }
  });
});
