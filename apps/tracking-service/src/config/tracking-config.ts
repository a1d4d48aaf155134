import type { TrackingServiceEnv } from './tracking-service.env';

/** The tracking rules' settings, typed; built once from the environment (or by a test). */
export interface TrackingConfig {
  stallAfterMs: number;
  expireAfterMs: number;
  sweepIntervalMs: number;
  /** timeline versions older than this are pruned, each shipment's latest kept */
  versionsKeepMs: number;
  etaSampleSize: number;
  /** a comment on every live stream this often, so proxies and clients see it is alive */
  streamHeartbeatMs: number;
  /** live streams one process keeps open at most (then 503) */
  streamMaxConnections: number;
}

export const TRACKING_CONFIG = Symbol('TRACKING_CONFIG');

export const DEFAULT_TRACKING_CONFIG: TrackingConfig = {
  stallAfterMs: 72 * 3_600_000,
  expireAfterMs: 30 * 86_400_000,
  sweepIntervalMs: 60_000,
  versionsKeepMs: 30 * 86_400_000,
  etaSampleSize: 200,
  streamHeartbeatMs: 15_000,
  streamMaxConnections: 2_000,
};

/**
 * The consumer's batching: up to 5,000 events a transaction, fetched 4 MiB a partition at a time (a normalised
 * event is ~0.8 KB on the wire). Under a backlog, a chunk then holds several events of each shipment, so the
 * statements, the fold's loads and the milestones are per shipment rather than per event.
 */
export const TRACKING_CONSUMER_DEFAULTS = { chunkSize: 5_000, fetchMaxBytesPerPartition: 4 * 1_048_576, partitionsConcurrently: 2 } as const;
/**
 * The largest batches the deployment files' 192 MiB heap holds under a backlog, the maxima of
 * CONSUMER_CHUNK_SIZE and CONSUMER_FETCH_BYTES_PER_PARTITION (bench:ingest: 10,000 / 8 MiB peaked at 328 MiB
 * RSS; 20,000 / 16 MiB ran out of heap on every restart, a crash loop that loses nothing and applies nothing).
 */
export const TRACKING_CONSUMER_LIMITS = { chunkSize: 10_000, fetchMaxBytesPerPartition: 8 * 1_048_576, partitionsConcurrently: 6 } as const;

export function trackingConfigOf(env: TrackingServiceEnv): TrackingConfig {
  return {
    stallAfterMs: Math.round(env.STALL_AFTER_HOURS * 3_600_000),
    expireAfterMs: Math.round(env.EXPIRE_AFTER_DAYS * 86_400_000),
    sweepIntervalMs: env.SWEEP_INTERVAL_MS,
    versionsKeepMs: Math.round(env.TIMELINE_VERSIONS_KEEP_DAYS * 86_400_000),
    etaSampleSize: env.ETA_SAMPLE_SIZE,
    streamHeartbeatMs: env.STREAM_HEARTBEAT_MS,
    streamMaxConnections: env.STREAM_MAX_CONNECTIONS,
  };
}
