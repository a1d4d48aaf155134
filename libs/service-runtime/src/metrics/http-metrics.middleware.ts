import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpRequestDuration } from './metrics';

/** Observes every request's latency, labelled by the matched route (not the raw path: bounded labels). */
export function httpMetricsMiddleware(req: IncomingMessage & { route?: { path?: string }; baseUrl?: string }, res: ServerResponse, next: () => void): void {
  const end = httpRequestDuration.startTimer();
  res.once('finish', () => {
    const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
    end({ method: req.method ?? 'GET', route, status: String(res.statusCode) });
  });
  next();
}
