import { ServiceEnv } from '@parcelstream/service-runtime';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';

/**
 * carrier-sync's environment. Every field's type is written out: the conversion of the environment's strings
 * follows the emitted design type. Webhook secrets are read separately (`CARRIER_<CODE>_WEBHOOK_SECRET`, one
 * variable per carrier, see carrier-sync.config.ts).
 */
export class CarrierSyncServiceEnv extends ServiceEnv {
  override PORT: number = 3003;
  override DATABASE_URL: string = 'postgres://carrier_sync_svc:carrier_sync_svc_dev@127.0.0.1:5432/parcelstream';

  /** base URL of the carriers' APIs (the carrier simulator in development: `<base>/carriers/<code>/…`) */
  @Matches(/^https?:\/\//)
  CARRIER_API_BASE_URL: string = 'http://127.0.0.1:3100';

  /** per-call timeout of a carrier API request */
  @IsInt()
  @Min(50)
  CARRIER_API_TIMEOUT_MS: number = 3000;

  /** push carriers whose webhooks are taken; in production each needs CARRIER_<CODE>_WEBHOOK_SECRET */
  @Matches(/^[a-z0-9-]+(,[a-z0-9-]+)*$/)
  WEBHOOK_CARRIERS: string = 'sim-post,sim-track,sim-seventeen,sim-lastmile';

  /** Standard Webhooks replay window, seconds either side of now */
  @IsInt()
  @Min(1)
  WEBHOOK_TOLERANCE_SEC: number = 300;

  @IsInt()
  @Min(1)
  @Max(5000)
  WEBHOOK_MAX_EVENTS: number = 500;

  @Matches(/^\d+(kb|mb)$/)
  WEBHOOK_BODY_LIMIT: string = '5mb';

  @IsInt()
  @Min(1)
  REGISTRATION_MAX_ATTEMPTS: number = 8;

  /** first retry delay; doubles per attempt (capped at 5 minutes) */
  @IsInt()
  @Min(10)
  REGISTRATION_BACKOFF_MS: number = 1000;

  @IsInt()
  @Min(10)
  REGISTRATION_IDLE_MS: number = 500;

  @IsInt()
  @Min(1)
  CIRCUIT_FAILURE_THRESHOLD: number = 5;

  @IsInt()
  @Min(10)
  CIRCUIT_OPEN_MS: number = 10_000;

  /** how often the poller looks for due waybills */
  @IsInt()
  @Min(10)
  POLL_INTERVAL_MS: number = 5000;

  /** a waybill's normal poll interval (in transit) */
  @IsInt()
  @Min(10)
  POLL_BASE_INTERVAL_MS: number = 30 * 60_000;

  /** after out-for-delivery / available-for-pickup / a failed attempt */
  @IsInt()
  @Min(10)
  POLL_NEAR_DELIVERY_INTERVAL_MS: number = 5 * 60_000;

  /** back-off ceiling for waybills that stay quiet */
  @IsInt()
  @Min(10)
  POLL_MAX_INTERVAL_MS: number = 6 * 60 * 60_000;

  /** waybills per poll request (the carrier's API takes a list) */
  @IsInt()
  @Min(1)
  @Max(500)
  POLL_BATCH_SIZE: number = 50;

  /** the polled carrier's rate limit: requests per second (token refill) and burst */
  @IsInt()
  @Min(1)
  POLL_RATE_PER_SEC: number = 5;

  @IsInt()
  @Min(1)
  POLL_RATE_BURST: number = 5;

  /** `off` runs only the HTTP intake and the consumers (e.g. a webhook-only replica, benchmarks) */
  @IsIn(['on', 'off'])
  BACKGROUND_WORKERS: string = 'on';
}
