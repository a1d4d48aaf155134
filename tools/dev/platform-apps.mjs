/**
 * The local platform's processes: which apps, on which ports, with which environment, and how to start one
 * built app and wait until it is ready. Used by `npm start` (start-platform.mjs); ports shift by
 * PARCELSTREAM_PORT_OFFSET so a second platform can run beside the first.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const offset = Number(process.env.PARCELSTREAM_PORT_OFFSET ?? 0);

export const PORTS = {
  'order-service': 3001 + offset,
  'shipment-service': 3002 + offset,
  'carrier-sync-service': 3003 + offset,
  'tracking-service': 3004 + offset,
  'carrier-simulator': 3100 + offset,
  'api-gateway': Number(process.env.GATEWAY_PORT ?? 8080 + offset),
};

const url = (app) => `http://127.0.0.1:${PORTS[app]}`;

/** The services that own a schema, in start order. */
export const SERVICES = ['order-service', 'shipment-service', 'carrier-sync-service', 'tracking-service'];

export const hasApp = (app) => existsSync(path.join(root, 'apps', app));

/** The environment of each app, given the broker and the services' database URLs. */
export function appEnv(app, { brokers, databaseUrls }) {
  const common = { KAFKA_BROKERS: brokers, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', NODE_ENV: 'development' };
  switch (app) {
    case 'carrier-sync-service':
      return { ...common, PORT: String(PORTS[app]), DATABASE_URL: databaseUrls[app], CARRIER_API_BASE_URL: url('carrier-simulator') };
    case 'carrier-simulator':
      // carriers push their webhooks through the public door, as they do in production
      return { ...common, PORT: String(PORTS[app]), SIM_WEBHOOK_TARGET: `${url('api-gateway')}/v1/webhooks/carriers` };
    case 'api-gateway':
      return {
        ...common,
        GATEWAY_PORT: String(PORTS[app]),
        ORDER_SERVICE_URL: url('order-service'),
        SHIPMENT_SERVICE_URL: url('shipment-service'),
        CARRIER_SYNC_SERVICE_URL: url('carrier-sync-service'),
        TRACKING_SERVICE_URL: url('tracking-service'),
      };
    default:
      return { ...common, PORT: String(PORTS[app]), DATABASE_URL: databaseUrls[app] };
  }
}

/** Starts `node dist/apps/<app>/main.js`; its output lines go to `onLine(app, line)`. */
export function spawnApp(app, env, onLine) {
  const child = spawn(process.execPath, [path.join(root, 'dist/apps', app, 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forward = (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) onLine(app, line);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return child;
}

/** Resolves when GET `${baseUrl}/health/ready` answers 200; rejects when the process exits or time runs out. */
export async function waitReady(app, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${app} exited during start (code ${child.exitCode})`);
    try {
      if ((await fetch(`${url(app)}/health/ready`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${app} not ready after ${timeoutMs} ms`);
}

export const appUrl = url;
