import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';

export interface ServiceDataSourceConfig {
  /** the service's own login role on its own schema */
  url: string;
  schema: string;
  /** migration classes, listed (globs break under bundling) */
  migrations: MixedList<string | (new () => unknown)>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string>;
  poolSize?: number;
}

/** One schema per service, migrations only: `synchronize` is off, always. */
export function serviceDataSourceOptions(config: ServiceDataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    entities: config.entities ?? [],
    migrations: config.migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: config.poolSize ?? 10, application_name: config.schema, options: `-c search_path=${config.schema}` },
  };
}

/**
 * Applies pending migrations. The schema itself is created by the database setup (owned by the service's
 * role); TypeORM needs it before it can create its migrations table.
 */
export async function runServiceMigrations(options: DataSourceOptions, log: (line: string) => void = console.log): Promise<number> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`applied ${m.name}`);
    log(`${(options as { schema?: string }).schema}: ${applied.length} migration(s) applied, schema up to date`);
    return applied.length;
  } finally {
    await dataSource.destroy();
  }
}
