import { createMessagingTablesSql, dropMessagingTablesSql } from './messaging-tables';

interface QueryRunnerLike {
  query(sql: string): Promise<unknown>;
}

/**
 * A TypeORM migration class that creates the messaging tables in `schema`; each service's first migration
 * is one of these (`<epochMs>-CreateMessagingTables.ts`).
 */
export function messagingTablesMigration(schema: string, epochMs: number) {
  return class CreateMessagingTables {
    name = `CreateMessagingTables${epochMs}`;

    async up(q: QueryRunnerLike): Promise<void> {
      for (const sql of createMessagingTablesSql(schema)) await q.query(sql);
    }

    async down(q: QueryRunnerLike): Promise<void> {
      for (const sql of dropMessagingTablesSql(schema)) await q.query(sql);
    }
  };
}
