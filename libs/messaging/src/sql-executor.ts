/**
 * What the messaging code needs from a database connection: TypeORM's EntityManager and DataSource
 * satisfy it (inside a transaction, pass the transaction's EntityManager).
 */
export interface SqlExecutor {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/**
 * TypeORM returns `[rows, rowCount]` for UPDATE/DELETE … RETURNING and `rows` otherwise; this gives rows.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
