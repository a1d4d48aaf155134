import { createDeadLetterTableSql, dropDeadLetterTableSql } from './dead-letter-table';

interface QueryRunnerLike {
  query(sql: string): Promise<unknown>;
}

/**
 * A TypeORM migration class that creates the dead-letter table in `schema`; each service lists one
 * (`<epochMs>-CreateDeadLetterTable.ts`) after its `CreateMessagingTables`.
 */
export function deadLetterTableMigration(schema: string, epochMs: number) {
  return class CreateDeadLetterTable {
    name = `CreateDeadLetterTable${epochMs}`;

    async up(q: QueryRunnerLike): Promise<void> {
      for (const sql of createDeadLetterTableSql(schema)) await q.query(sql);
    }

    async down(q: QueryRunnerLike): Promise<void> {
      for (const sql of dropDeadLetterTableSql(schema)) await q.query(sql);
    }
  };
}
