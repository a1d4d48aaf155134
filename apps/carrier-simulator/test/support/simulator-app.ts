import type { INestApplication } from '@nestjs/common';
import { createServiceApp, loadEnv } from '@parcelstream/service-runtime';
import { SimulatorModule } from '../../src/app/simulator.module';
import { resolveSigningSecrets, toSimulatorConfig } from '../../src/config/simulator.config';
import { SimulatorEnv } from '../../src/config/simulator.env';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
export type Json = any;

export interface RunningSimulator {
  app: INestApplication;
  baseUrl: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: Json }>;
  close(): Promise<void>;
}

/** The simulator in-process (the platform's app set-up: problems, validation, metrics), on a free port. */
export async function startSimulator(env: Record<string, string>): Promise<RunningSimulator> {
  const config = toSimulatorConfig(loadEnv(SimulatorEnv, env), resolveSigningSecrets(false, {}).secrets);
  const app = await createServiceApp(SimulatorModule.forConfig(config), { name: 'carrier-simulator', port: 0, logLevel: process.env.TEST_LOG_LEVEL ?? 'fatal', consumeEvents: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    async call(method, path, body) {
      const res = await fetch(`${baseUrl}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed: Json = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: kept as text */
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    close: () => app.close(),
  };
}
