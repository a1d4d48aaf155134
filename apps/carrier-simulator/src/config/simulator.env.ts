import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * The simulator's environment (no database, no Kafka). Every field's type is written out: the conversion of
 * the environment's strings follows the emitted design type. The carriers' signing secrets are read
 * separately: `CARRIER_<CODE>_WEBHOOK_SECRET`, the same variables carrier-sync verifies with.
 */
export class SimulatorEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3100;

  /** wins over PORT (so that the simulator can sit beside a service in one environment) */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  SIM_PORT?: number;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL: string = 'info';

  /** readiness turns false, then the simulator waits this long before it stops (k8s preStop) */
  @IsInt()
  @Min(0)
  SHUTDOWN_DELAY_MS: number = 0;

  /** decides every journey (with the carrier and number), fault decision and, with the run, waybill numbers */
  @IsString()
  @MinLength(1)
  SIM_SEED: string = 'parcelstream';

  /** push carriers POST to `<target>/<carrierCode>` (carrier-sync direct; the gateway's /v1/webhooks/carriers works too) */
  @Matches(/^https?:\/\/[^\s]+$/)
  SIM_WEBHOOK_TARGET: string = 'http://127.0.0.1:3003/webhooks/carriers';

  /** simulated time per real time: 3600 = one simulated hour per real second (a cross-border journey in 2 to 4 minutes) */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(100_000_000)
  SIM_TIME_SCALE: number = 3600;

  /** a registration's journey starts this long after the registration (real ms) */
  @IsInt()
  @Min(0)
  SIM_JOURNEY_START_DELAY_MS: number = 1000;

  /** events per webhook request at most (each style's own limit applies too) */
  @IsInt()
  @Min(1)
  @Max(500)
  SIM_WEBHOOK_BATCH_MAX: number = 100;

  /** webhook deliveries in flight at once */
  @IsInt()
  @Min(1)
  @Max(256)
  SIM_WEBHOOK_CONCURRENCY: number = 16;

  @IsInt()
  @Min(50)
  SIM_WEBHOOK_TIMEOUT_MS: number = 5000;

  /** a delivery refused or unanswered is retried (same delivery id) up to this many attempts in all */
  @IsInt()
  @Min(1)
  @Max(100)
  SIM_WEBHOOK_MAX_ATTEMPTS: number = 12;

  /** first retry delay; doubles per attempt up to SIM_WEBHOOK_RETRY_MAX_MS */
  @IsInt()
  @Min(1)
  SIM_WEBHOOK_RETRY_BASE_MS: number = 500;

  @IsInt()
  @Min(1)
  SIM_WEBHOOK_RETRY_MAX_MS: number = 30_000;

  /** the polled carrier's rate limit: requests per second and burst; over it: 429 with Retry-After */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  SIM_POLL_RATE_PER_SEC: number = 10;

  @IsInt()
  @Min(1)
  SIM_POLL_RATE_BURST: number = 10;

  /** shipments per page of the polled carrier's tracking answer */
  @IsInt()
  @Min(1)
  @Max(500)
  SIM_POLL_PAGE_SIZE: number = 25;

  /** numbers one tracking request may ask for */
  @IsInt()
  @Min(1)
  @Max(1000)
  SIM_POLL_MAX_NUMBERS: number = 100;

  /** the `timeout` fault holds the answer this long unless the caller gives up first */
  @IsInt()
  @Min(1)
  SIM_HANG_MS: number = 120_000;

  /** ledger entries kept (oldest dropped first) */
  @IsInt()
  @Min(100)
  SIM_LEDGER_MAX: number = 100_000;

  /** fixed first sequence number of every carrier's waybills (reproducible numbers); unset: drawn per run */
  @IsOptional()
  @IsInt()
  @Min(0)
  SIM_WAYBILL_SEQUENCE_START?: number;
}
