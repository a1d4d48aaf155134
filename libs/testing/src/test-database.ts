import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/parcelstream_test';

/** The test database (superuser); `DATABASE_URL` overrides. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
}

/** Creates the test database when it is missing (connects to the server's `postgres` database). */
export async function ensureTestDatabase(url = testDatabaseUrl()): Promise<void> {
  const target = new URL(url);
  const dbName = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (!rowCount) await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
      if (e.code !== '42P04' && e.code !== '23505') throw e; // created meanwhile by a parallel suite
    });
  } finally {
    await client.end();
  }
}

export interface TestSchema {
  schema: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A fresh schema of its own per suite (so suites run in parallel and rerun), set up by `setupSql`, and a TypeORM DataSource whose search_path is that schema.
 */
export async function createTestSchema(
  prefix: string,
  options: { setupSql?: (schema: string) => string[]; poolSize?: number } = {},
): Promise<TestSchema> {
  await ensureTestDatabase();
  const schema = `t_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url: testDatabaseUrl(),
    schema,
    synchronize: false,
    entities: [],
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${schema}` },
  });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA "${schema}"`);
  for (const sql of options.setupSql?.(schema) ?? []) await dataSource.query(sql);
  return {
    schema,
    dataSource,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}
