import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/** the pg pool under a postgres DataSource (TypeORM's PostgresDriver keeps it as `master`) */
function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool || typeof pool.query !== 'function') throw new Error('preparedQuery needs an initialized postgres DataSource');
  return pool;
}

/**
 * A read on a hot path as a named prepared statement: each pooled connection parses and plans `text` once, and
 * later calls send only the parameters (Bind/Execute) — less for Postgres to do and far fewer bytes per call
 * than TypeORM's `query` (which sends the whole text, to be parsed and planned again, every time).
 * `name` must be unique per `text` within the process (pg refuses one name for two texts on a connection).
 * Rows come back parsed as TypeORM's would be (the same pg type parsers).
 */
export async function preparedQuery<T extends QueryResultRow>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const result = await poolOf(dataSource).query<T>({ name, text, values });
  return result.rows;
}
