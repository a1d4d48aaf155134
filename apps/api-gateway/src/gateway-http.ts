import type { INestApplication } from '@nestjs/common';
import express, { type Request } from 'express';
import * as path from 'node:path';
import type { GatewayEnv } from './config/gateway.env';

const WEBHOOKS = '/v1/webhooks/';

/**
 * Body parsing: carrier webhooks keep their raw bytes (signatures are over them) and may carry 500 events;
 * every other JSON body is limited to BODY_LIMIT (413 beyond). Clients' proxies are trusted for the IP.
 */
export function configureGatewayHttp(app: INestApplication, env: GatewayEnv): void {
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.set('trust proxy', 'loopback, linklocal, uniquelocal');
  const keepRaw = (req: Request & { rawBody?: Buffer }, _res: unknown, buf: Buffer) => {
    req.rawBody = Buffer.from(buf);
  };
  const webhookJson = express.json({ limit: env.WEBHOOK_BODY_LIMIT, verify: keepRaw, type: () => true });
  const json = express.json({ limit: env.BODY_LIMIT });
  app.use((req: Request, res: express.Response, next: express.NextFunction) => {
    if (!hasBody(req)) return next(); // nothing to read: body-parser would find as much, at more cost
    (req.path.startsWith(WEBHOOKS) ? webhookJson : json)(req, res, next);
  });
  // the buyer's tracking page: static files next to the bundle (build assets)
  app.use('/track', express.static(path.join(__dirname, 'tracking-page'), { index: 'index.html', maxAge: '5m' }));
}

/** whether the request says it has a body (Content-Length or Transfer-Encoding; body-parser's own test, type-is `hasBody`) */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}
