import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpRequestDuration } from './metrics';

/**
 * Observes every request's latency, labelled by the matched route (not the raw path: bounded labels). Event
 * streams (SSE) are left out: they last as long as the client stays, which is no latency.
 */
export function httpMetricsMiddleware(req: IncomingMessage & { route?: { path?: string }; baseUrl?: string }, res: ServerResponse, next: () => void): void {
  const end = httpRequestDuration.startTimer();
  res.once('finish', () => {
    if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
    const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
    end({ method: req.method ?? 'GET', route, status: String(res.statusCode) });
  });
  next();
}
