import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

/** The gateway's environment (no database, no Kafka). Every field's type is annotated for conversion. */
export class GatewayEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  GATEWAY_PORT: number = 8080;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
  LOG_LEVEL: string = 'info';

  /** HS256 secret (development and tests); production uses AUTH_JWKS_URL */
  @IsOptional()
  @IsString()
  @MinLength(16)
  AUTH_JWT_SECRET?: string;

  /** RS256 keys of the identity provider (production) */
  @IsOptional()
  @IsUrl({ require_tld: false })
  AUTH_JWKS_URL?: string;

  @IsString()
  AUTH_JWT_ISSUER: string = 'parcelstream';

  @IsString()
  AUTH_JWT_AUDIENCE: string = 'parcelstream-api';

  /** signs the caller header the services verify */
  @IsOptional()
  @IsString()
  @MinLength(16)
  CALLER_IDENTITY_SECRET?: string;

  @IsUrl({ require_tld: false })
  ORDER_SERVICE_URL: string = 'http://127.0.0.1:3001';

  @IsUrl({ require_tld: false })
  SHIPMENT_SERVICE_URL: string = 'http://127.0.0.1:3002';

  @IsUrl({ require_tld: false })
  CARRIER_SYNC_SERVICE_URL: string = 'http://127.0.0.1:3003';

  @IsUrl({ require_tld: false })
  TRACKING_SERVICE_URL: string = 'http://127.0.0.1:3004';

  @IsString()
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** requests per subject (or per IP when anonymous) per window */
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTHENTICATED: number = 600;

  @IsInt()
  @Min(1)
  RATE_LIMIT_ANONYMOUS: number = 120;

  /** signed carrier webhooks, per carrier and IP per window (a carrier pushes in bursts; 100+ events a request) */
  @IsInt()
  @Min(1)
  RATE_LIMIT_WEBHOOKS: number = 6000;

  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS: number = 60;

  /** JSON bodies larger than this are a 413 */
  @IsString()
  BODY_LIMIT: string = '64kb';

  /** carrier webhooks carry up to 500 events */
  @IsString()
  WEBHOOK_BODY_LIMIT: string = '2mb';
}

export const DEV_JWT_SECRET = 'parcelstream-dev-jwt-secret-change-me';
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

/** Fills development defaults, refusing to in production (SPEC §8). Returns what it defaulted. */
export function applySecretDefaults(env: GatewayEnv): string[] {
  const defaulted: string[] = [];
  if (!env.AUTH_JWT_SECRET && !env.AUTH_JWKS_URL) {
    if (env.NODE_ENV === 'production') throw new Error('production needs AUTH_JWKS_URL (or AUTH_JWT_SECRET)');
    env.AUTH_JWT_SECRET = DEV_JWT_SECRET;
    defaulted.push(`AUTH_JWT_SECRET=${DEV_JWT_SECRET}`);
  }
  if (!env.CALLER_IDENTITY_SECRET && env.NODE_ENV === 'production') throw new Error('production needs CALLER_IDENTITY_SECRET');
  return defaulted;
}
