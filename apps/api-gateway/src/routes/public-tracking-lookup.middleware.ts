import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { bearerCallerOf, rateSubjectOf } from '../auth/bearer-caller';
import type { GatewayRequest } from '../auth/caller-context';
import { TokenVerifier } from '../auth/token-verifier';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway.env';
import { admitOrRefuse, apiLimitOf } from '../rate-limit/rate-limit.guard';
import { RedisRateLimiter } from '../rate-limit/rate-limiter';
import { ProxyResponder, type ProxyResponse } from '../upstream/proxy-responder';
import { TRACKING_SERVICE, UpstreamClient } from '../upstream/upstream-client';

/** the route as TrackingController declares it: the metrics label and the span's name */
export const PUBLIC_LOOKUP_ROUTE = '/v1/tracking/:trackingNumber';
/** `/v1/tracking/<number>`, optionally `?carrierCode=<code>`, nothing else; both as the client encoded them */
const LOOKUP_URL = /^\/v1\/tracking\/([^/?#]+)(?:\?carrierCode=([^&#+]*))?$/;

type RoutedRequest = GatewayRequest & { route?: { path?: string }; baseUrl?: string };

/**
 * `GET /v1/tracking/:trackingNumber` — the public API's hottest request — handled here, below Nest's route
 * chain (guards, interceptors, the rxjs pipeline), doing what that chain does for TrackingController.view in
 * the same order with the same functions: the bearer token (401 if it does not verify), the caller's rate limit
 * (429), then tracking-service's answer passed on by ProxyResponder (503 when it does not answer). Errors are
 * thrown to the app's problem filter, as the guards' are. A request this does not read exactly as Express
 * would (other query parameters, `+`, a slash in the number) goes on to the controller.
 */
@Injectable()
export class PublicTrackingLookupMiddleware implements NestMiddleware {
  constructor(
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    private readonly limiter: RedisRateLimiter,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(TRACKING_SERVICE) private readonly tracking: UpstreamClient,
    private readonly proxy: ProxyResponder,
  ) {}

  async use(req: RoutedRequest, res: ProxyResponse, next: () => void): Promise<void> {
    const upstreamPath = req.method === 'GET' ? upstreamPathOf(req.originalUrl) : undefined;
    if (!upstreamPath) return next();
    req.baseUrl = '';
    req.route = { path: PUBLIC_LOOKUP_ROUTE };
    const caller = await bearerCallerOf(this.tokens, req);
    req.caller = caller;
    req.rateSubject = rateSubjectOf(caller, req.ip);
    await admitOrRefuse(this.limiter, res, req.rateSubject, apiLimitOf(caller, this.env), this.env.RATE_LIMIT_WINDOW_SECONDS);
    await this.proxy.forward(this.tracking, req, res, { method: 'GET', path: upstreamPath });
  }
}

/** tracking-service's path for this public URL, encoded as TrackingController.view encodes it; undefined for what only the controller may read */
function upstreamPathOf(originalUrl: string): string | undefined {
  const m = LOOKUP_URL.exec(originalUrl);
  if (!m) return undefined;
  try {
    const trackingNumber = decodeURIComponent(m[1]);
    const carrierCode = m[2] ? decodeURIComponent(m[2]) : '';
    if (trackingNumber.includes('\u0000') || carrierCode.includes('\u0000')) return undefined; // the input-shape check's 400
    return `/tracking/${encodeURIComponent(trackingNumber)}${carrierCode ? `?carrierCode=${encodeURIComponent(carrierCode)}` : ''}`;
  } catch {
    return undefined; // not percent-decodable: Express's own answer
  }
}
