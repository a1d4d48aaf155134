import { serviceDataSourceOptions } from '@parcelstream/service-runtime';
import type { DataSourceOptions } from 'typeorm';
import { CreateMessagingTables1764057600000 } from './migrations/1764057600000-CreateMessagingTables';
import { CreateOrderTables1764057600001 } from './migrations/1764057600001-CreateOrderTables';
import { CreateDeadLetterTable1796197133996 } from './migrations/1796197133996-CreateDeadLetterTable';

export const ORDERS_SCHEMA = 'orders';

export function orderDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({ url, schema: ORDERS_SCHEMA, migrations: [CreateMessagingTables1764057600000, CreateOrderTables1764057600001, CreateDeadLetterTable1796197133996] });
}
