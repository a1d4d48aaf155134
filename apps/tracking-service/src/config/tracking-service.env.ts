import { ServiceEnv } from '@parcelstream/service-runtime';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { TRACKING_CONSUMER_DEFAULTS, TRACKING_CONSUMER_LIMITS } from './tracking-config';

export class TrackingServiceEnv extends ServiceEnv {
  override PORT: number = 3004;
  override DATABASE_URL: string = 'postgres://tracking_svc:tracking_svc_dev@127.0.0.1:5432/parcelstream';

  /** no new scan for this long raises a stall signal (fractional hours allowed) */
  @IsNumber()
  @Min(0)
  STALL_AFTER_HOURS: number = 72;

  /** no scan ever this long after the shipment was known → EXPIRED (fractional days allowed) */
  @IsNumber()
  @Min(0)
  EXPIRE_AFTER_DAYS: number = 30;

  /** how often each replica runs the stall/expiry sweep */
  @IsInt()
  @Min(100)
  SWEEP_INTERVAL_MS: number = 60_000;

  /**
   * timeline versions older than this are pruned (each shipment keeps its latest): a live stream resumed from
   * before then gets the views kept since, each a whole view, so it still ends on the current one
   */
  @IsNumber()
  @Min(1)
  TIMELINE_VERSIONS_KEEP_DAYS: number = 30;

  /** the most recent deliveries per lane that the predicted window is drawn from */
  @IsInt()
  @Min(1)
  @Max(10_000)
  ETA_SAMPLE_SIZE: number = 200;

  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 10;

  /** a `: heartbeat` comment on every live stream (SSE) this often */
  @IsInt()
  @Min(100)
  @Max(300_000)
  STREAM_HEARTBEAT_MS: number = 15_000;

  /** live streams this process keeps open at most; one more is a 503 with Retry-After */
  @IsInt()
  @Min(1)
  @Max(100_000)
  STREAM_MAX_CONNECTIONS: number = 2_000;
  /** events applied in one transaction: the larger, the fewer statements, loads and milestones per event (at most what the heap holds) */
  @IsInt()
  @Min(1)
  @Max(TRACKING_CONSUMER_LIMITS.chunkSize)
  CONSUMER_CHUNK_SIZE: number = TRACKING_CONSUMER_DEFAULTS.chunkSize;

  /** the most one fetch returns of a partition; a partition's batch, and so a chunk, is at most this */
  @IsInt()
  @Min(65_536)
  @Max(TRACKING_CONSUMER_LIMITS.fetchMaxBytesPerPartition)
  CONSUMER_FETCH_BYTES_PER_PARTITION: number = TRACKING_CONSUMER_DEFAULTS.fetchMaxBytesPerPartition;

  /** partitions applied side by side (each holds a fetched batch in memory: this × the fetch size) */
  @IsInt()
  @Min(1)
  @Max(TRACKING_CONSUMER_LIMITS.partitionsConcurrently)
  CONSUMER_PARTITIONS_CONCURRENTLY: number = TRACKING_CONSUMER_DEFAULTS.partitionsConcurrently;
}
