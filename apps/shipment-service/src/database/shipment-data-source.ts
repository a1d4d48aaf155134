import { serviceDataSourceOptions } from '@parcelstream/service-runtime';
import type { DataSourceOptions } from 'typeorm';
import { CreateMessagingTables1764057600000 } from './migrations/1764057600000-CreateMessagingTables';
import { CreateShipmentTables1764144000000 } from './migrations/1764144000000-CreateShipmentTables';
import { CreateDeadLetterTable1796197133996 } from './migrations/1796197133996-CreateDeadLetterTable';

export const SHIPMENTS_SCHEMA = 'shipments';

export function shipmentDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({ url, schema: SHIPMENTS_SCHEMA, migrations: [CreateMessagingTables1764057600000, CreateShipmentTables1764144000000, CreateDeadLetterTable1796197133996] });
}
