import { NestFactory } from '@nestjs/core';
import { loadEnv } from '@parcelstream/service-runtime';
import { parseArgs } from 'node:util';
import { carrierSyncAppModule } from './app/carrier-sync-app';
import { RenormalizeUseCase } from './archive/renormalize.use-case';
import { CarrierSyncServiceEnv } from './config/carrier-sync-service.env';
import { toCarrierSyncConfig } from './config/carrier-sync.config';

/**
 * `node dist/apps/carrier-sync-service/renormalize.js --carrier sim-track --since 2025-11-01T00:00:00Z`
 * Re-normalises the archived payloads of a carrier with the current mapping tables and republishes the events
 * through the outbox (published by this process's relay before it exits).
 */
async function main() {
  const { values } = parseArgs({ options: { carrier: { type: 'string' }, since: { type: 'string' } } });
  const since = values.since ? new Date(values.since) : undefined;
  if (!values.carrier || !since || Number.isNaN(since.getTime())) {
    console.error('usage: renormalize --carrier <code> --since <ISO-8601 time>');
    process.exit(2);
  }
  const env = loadEnv(CarrierSyncServiceEnv, { ...process.env, BACKGROUND_WORKERS: 'off' });
  const app = await NestFactory.createApplicationContext(carrierSyncAppModule(env.DATABASE_URL, toCarrierSyncConfig(env, new Map())), { logger: ['error', 'warn'] });
  await app.init();
  try {
    const report = await app.get(RenormalizeUseCase).execute({ carrierCode: values.carrier, since });
    console.log(JSON.stringify({ carrier: values.carrier, since: since.toISOString(), ...report }));
  } finally {
    await app.close(); // flushes the outbox
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
