import type { Caller } from '@parcelstream/caller-identity';

/** What the gateway knows of a request after authentication. */
export interface GatewayRequest {
  caller?: Caller;
  /** the subject for rate limiting: `user:<sub>` or `ip:<address>` */
  rateSubject?: string;
  ip?: string;
  params?: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  method: string;
  originalUrl: string;
  rawBody?: Buffer;
  body?: unknown;
}
