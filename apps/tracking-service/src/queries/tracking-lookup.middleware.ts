import { Injectable, type NestMiddleware } from '@nestjs/common';
import { type Caller, callerOfHeaders } from '@parcelstream/caller-identity';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type GetTrackingCommand, GetTrackingUseCase } from './get-tracking.use-case';

/** the route as TrackingHttpController declares it: the metrics label and the span's name */
export const TRACKING_LOOKUP_ROUTE = '/tracking/:trackingNumber';
/** `/tracking/<number>`, optionally `?carrierCode=<code>`, nothing else */
const LOOKUP_URL = /^\/tracking\/([^/?#]+)(?:\?carrierCode=([^&#]*))?$/;

type RoutedRequest = IncomingMessage & { originalUrl?: string; route?: { path?: string }; baseUrl?: string };

/**
 * `GET /tracking/:trackingNumber` answered here when there is a view to give — the service's hottest request,
 * below Nest's route chain (guards, interceptors, pipes, the rxjs pipeline, Express's `res.json`), with the
 * request's span and metrics as before (the app's own middleware ran first). The view is the controller's
 * (the same use case and query, ownership in SQL). Everything else goes on to TrackingHttpController, which
 * answers as it always has: no view (404), a caller header that does not verify (401), a number or query it
 * must decode itself (`+`, NUL, other parameters), a failed query (its problem).
 */
@Injectable()
export class TrackingLookupMiddleware implements NestMiddleware {
  constructor(private readonly tracking: GetTrackingUseCase) {}

  async use(req: RoutedRequest, res: ServerResponse, next: () => void): Promise<void> {
    const lookup = req.method === 'GET' ? lookupOf(req) : undefined;
    if (!lookup) return next();
    let view;
    try {
      view = await this.tracking.find(lookup);
    } catch {
      return next(); // the controller runs the lookup again and answers the failure as a problem
    }
    if (!view) return next();
    req.baseUrl = '';
    req.route = { path: TRACKING_LOOKUP_ROUTE };
    const body = JSON.stringify(view);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
}

/** the lookup this request asks for, when it is one this middleware can read exactly as the controller would */
function lookupOf(req: RoutedRequest): GetTrackingCommand | undefined {
  const m = LOOKUP_URL.exec(req.originalUrl ?? req.url ?? '');
  if (!m || m[2]?.includes('+')) return undefined;
  let trackingNumber: string;
  let carrierCode: string | undefined;
  try {
    trackingNumber = decodeURIComponent(m[1]);
    carrierCode = m[2] ? decodeURIComponent(m[2]) : undefined;
  } catch {
    return undefined;
  }
  if (trackingNumber.includes('\u0000') || carrierCode?.includes('\u0000')) return undefined;
  const caller = callerOf(req);
  return caller ? { caller, trackingNumber, carrierCode } : undefined;
}

function callerOf(req: RoutedRequest): Caller | undefined {
  try {
    return callerOfHeaders(req.headers);
  } catch {
    return undefined; // the controller's @CurrentCaller answers the 401
  }
}
