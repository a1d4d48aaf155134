import { serviceDataSourceOptions } from '@parcelstream/service-runtime';
import type { DataSourceOptions } from 'typeorm';
import { CreateMessagingTables1764057600000 } from './migrations/1764057600000-CreateMessagingTables';
import { CreateTrackingTables1764057600200 } from './migrations/1764057600200-CreateTrackingTables';
import { CreateDeadLetterTable1796197133996 } from './migrations/1796197133996-CreateDeadLetterTable';
import { CreateTimelineVersions1796284800000 } from './migrations/1796284800000-CreateTimelineVersions';
import { IndexTimelineVersionsByAge1796630400000 } from './migrations/1796630400000-IndexTimelineVersionsByAge';

export const TRACKING_SCHEMA = 'tracking';

export function trackingDataSourceOptions(url: string, poolSize?: number): DataSourceOptions {
  return serviceDataSourceOptions({ url, schema: TRACKING_SCHEMA, poolSize, migrations: [CreateMessagingTables1764057600000, CreateTrackingTables1764057600200, CreateDeadLetterTable1796197133996, CreateTimelineVersions1796284800000, IndexTimelineVersionsByAge1796630400000] });
}
