import { serviceDataSourceOptions } from '@parcelstream/service-runtime';
import type { DataSourceOptions } from 'typeorm';
import { CreateMessagingTables1764057600000 } from './migrations/1764057600000-CreateMessagingTables';

export const TRACKING_SCHEMA = 'tracking';

export function trackingDataSourceOptions(url: string): DataSourceOptions {
  return serviceDataSourceOptions({ url, schema: TRACKING_SCHEMA, migrations: [CreateMessagingTables1764057600000] });
}
