import { createPlatformDatabase, migrateBuiltApp, startBuiltApp, type BuiltService } from '@parcelstream/testing';
import { SignJWT } from 'jose';
import { Client } from 'pg';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
export type Json = Record<string, any>;

export const SERVICE_APPS = ['order-service', 'shipment-service', 'carrier-sync-service', 'tracking-service'] as const;
export type ServiceApp = (typeof SERVICE_APPS)[number];

const JWT_SECRET = 'platform-e2e-secret-0123456789abcdef';

export interface PlatformOptions {
  /** the gateway listens on basePort, the services on basePort+1 … +4 */
  basePort: number;
  /** extra environment per app (e.g. carrier-sync's CARRIER_API_BASE_URL) */
  env?: Partial<Record<ServiceApp | 'api-gateway', Record<string, string>>>;
}

export interface Answer {
  status: number;
  body: Json;
  text: string;
}

/**
 * The four built services and the built gateway, each its own process with its own database role on a
 * database of its own, over the real broker (KAFKA_BROKERS): the platform as a test drives it from outside.
 */
export class PlatformUnderTest {
  private constructor(
    readonly db: Awaited<ReturnType<typeof createPlatformDatabase>>,
    readonly services: Record<ServiceApp, BuiltService>,
    readonly gateway: BuiltService,
  ) {}

  static async start({ basePort, env = {} }: PlatformOptions): Promise<PlatformUnderTest> {
    const db = await createPlatformDatabase();
    // new consumer groups start at the topics' end: other suites' history on a shared broker is not this platform's
    const common = { KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_LEVEL: 'warn', KAFKA_CONSUMER_START: 'latest' };
    const envOf = (app: ServiceApp) => ({ ...common, DATABASE_URL: db.urls[app], ...env[app] });
    for (const app of SERVICE_APPS) migrateBuiltApp(app, envOf(app));
    const started = await Promise.all(SERVICE_APPS.map((app, i) => startBuiltApp(app, basePort + 1 + i, envOf(app), { timeoutMs: 60_000 })));
    const services = Object.fromEntries(SERVICE_APPS.map((app, i) => [app, started[i]])) as Record<ServiceApp, BuiltService>;
    const gateway = await startBuiltApp(
      'api-gateway',
      basePort,
      {
        AUTH_JWT_SECRET: JWT_SECRET,
        ORDER_SERVICE_URL: services['order-service'].baseUrl,
        SHIPMENT_SERVICE_URL: services['shipment-service'].baseUrl,
        CARRIER_SYNC_SERVICE_URL: services['carrier-sync-service'].baseUrl,
        TRACKING_SERVICE_URL: services['tracking-service'].baseUrl,
        // counters in the shared Redis are per IP for anonymous callers: other suites' limits must not bite here
        RATE_LIMIT_ANONYMOUS: '100000',
        RATE_LIMIT_WEBHOOKS: '100000',
        RATE_LIMIT_AUTHENTICATED: '100000',
        LOG_LEVEL: 'warn',
        ...env['api-gateway'],
      },
      { readyPath: '/health/ready', portVariable: 'GATEWAY_PORT', timeoutMs: 60_000 },
    );
    return new PlatformUnderTest(db, services, gateway);
  }

  /** A bearer token the gateway accepts (HS256, the gateway's issuer and audience). */
  token(role: 'buyer' | 'seller' | 'ops', sub: string, sellerId?: string): Promise<string> {
    return new SignJWT({ role, ...(role === 'seller' ? { sellerId: sellerId ?? sub } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer('parcelstream')
      .setAudience('parcelstream-api')
      .setExpirationTime(Math.floor(Date.now() / 1000) + 1800)
      .sign(new TextEncoder().encode(JWT_SECRET));
  }

  /** A public API call through the gateway. */
  async call(method: string, path: string, opts: { bearer?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const res = await fetch(`${this.gateway.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}), ...opts.headers },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: Json = {};
    try {
      body = text ? (JSON.parse(text) as Json) : {};
    } catch {
      /* not JSON: the text is there */
    }
    return { status: res.status, body, text };
  }

  /** A query on the platform's database as its superuser (for checks across schemas only, never by the apps). */
  async adminQuery<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    const admin = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const url = new URL(admin);
    url.pathname = `/${this.db.database}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.gateway.stop();
    await Promise.all(Object.values(this.services).map((s) => s.stop()));
    await this.db.drop();
  }
}
