import { serviceDataSourceOptions } from '@parcelstream/service-runtime';
import type { DataSourceOptions } from 'typeorm';
import { CreateMessagingTables1764057600000 } from './migrations/1764057600000-CreateMessagingTables';
import { CreateCarrierSyncTables1764230400000 } from './migrations/1764230400000-CreateCarrierSyncTables';
import { CreateDeadLetterTable1796197133996 } from './migrations/1796197133996-CreateDeadLetterTable';

export const CARRIER_SYNC_SCHEMA = 'carrier_sync';

export function carrierSyncDataSourceOptions(url: string, poolSize?: number): DataSourceOptions {
  return serviceDataSourceOptions({ url, schema: CARRIER_SYNC_SCHEMA, poolSize, migrations: [CreateMessagingTables1764057600000, CreateCarrierSyncTables1764230400000, CreateDeadLetterTable1796197133996] });
}
