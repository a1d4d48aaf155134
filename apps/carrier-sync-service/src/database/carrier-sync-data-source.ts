import { serviceDataSourceOptions } from '@parcelstream/service-runtime';
import type { DataSourceOptions } from 'typeorm';
import { CreateMessagingTables1764057600000 } from './migrations/1764057600000-CreateMessagingTables';

export const CARRIER_SYNC_SCHEMA = 'carrier_sync';

export function carrierSyncDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({ url, schema: CARRIER_SYNC_SCHEMA, migrations: [CreateMessagingTables1764057600000] });
}
