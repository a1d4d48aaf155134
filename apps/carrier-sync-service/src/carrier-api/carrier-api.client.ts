import { Inject, Injectable } from '@nestjs/common';
import { CircuitBreakers } from '../circuit-breaker/circuit-breaker';
import { CARRIER_SYNC_CONFIG, type CarrierSyncConfig } from '../config/carrier-sync.config';
import { carrierApiCallsTotal } from '../metrics/carrier-metrics';

/** A carrier API answered in a way that retrying will not change (4xx other than 408/429). */
export class CarrierRejectedError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`carrier refused (${status}): ${detail}`);
    this.name = 'CarrierRejectedError';
  }
}

/** Transient: 5xx, 408, timeouts, connection errors. Counts against the carrier's circuit. */
export class CarrierUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CarrierUnavailableError';
  }
}

/** 429: over the carrier's rate limit; wait `retryAfterMs`. Not a failure of the carrier. */
export class CarrierRateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited; retry after ${retryAfterMs} ms`);
    this.name = 'CarrierRateLimitedError';
  }
}

export interface RegistrationRequest {
  /** our shipment id: the carrier's idempotency key (a retried call returns the first answer) */
  shipmentRef: string;
  trackingNumber?: string;
  originCountryCode: string;
  destinationCountryCode: string;
}

/**
 * HTTP client of the carriers' APIs (`<CARRIER_API_BASE_URL>/carriers/<code>/…`, the carrier simulator in
 * development): a per-call timeout and the carrier's circuit breaker around every call.
 */
@Injectable()
export class CarrierApiClient {
  constructor(
    @Inject(CARRIER_SYNC_CONFIG) private readonly config: CarrierSyncConfig,
    readonly breakers: CircuitBreakers,
  ) {}

  /** SELLER model: tell the carrier about the seller's waybill. */
  async register(carrierCode: string, request: RegistrationRequest): Promise<{ trackingNumber: string }> {
    return this.call(carrierCode, 'register', 'POST', `/registrations`, request);
  }

  /** PLATFORM model: the carrier allocates the waybill. */
  async allocate(carrierCode: string, request: RegistrationRequest): Promise<{ trackingNumber: string }> {
    return this.call(carrierCode, 'allocate', 'POST', `/waybills`, request);
  }

  /** The polled carrier's tracking, one page. */
  async track(carrierCode: string, numbers: string[], page: number): Promise<unknown> {
    const query = new URLSearchParams({ numbers: numbers.join(','), page: String(page) });
    return this.call(carrierCode, 'poll', 'GET', `/tracking?${query.toString()}`);
  }

  private async call<T>(carrierCode: string, operation: string, method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.config.carrierApiBaseUrl}/carriers/${encodeURIComponent(carrierCode)}${path}`;
    try {
      const result = await this.breakers.run(
        carrierCode,
        async () => {
          let res: Response;
          try {
            res = await fetch(url, {
              method,
              headers: body === undefined ? {} : { 'content-type': 'application/json' },
              body: body === undefined ? undefined : JSON.stringify(body),
              signal: AbortSignal.timeout(this.config.carrierApiTimeoutMs),
            });
          } catch (e) {
            throw new CarrierUnavailableError(`${operation} ${carrierCode}: ${(e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message}`);
          }
          const text = await res.text();
          if (res.status === 429) throw new CarrierRateLimitedError(Math.max(1, Number(res.headers.get('retry-after') ?? '1')) * 1000);
          if (res.status >= 500 || res.status === 408) throw new CarrierUnavailableError(`${operation} ${carrierCode}: HTTP ${res.status}`);
          if (res.status >= 400) throw new CarrierRejectedError(res.status, text.slice(0, 300));
          try {
            return JSON.parse(text) as T;
          } catch {
            throw new CarrierUnavailableError(`${operation} ${carrierCode}: the answer is not JSON`);
          }
        },
        (e) => e instanceof CarrierUnavailableError,
      );
      carrierApiCallsTotal.inc({ carrier: carrierCode, operation, outcome: 'ok' });
      return result;
    } catch (e) {
      carrierApiCallsTotal.inc({ carrier: carrierCode, operation, outcome: (e as Error).name });
      throw e;
    }
  }
}
