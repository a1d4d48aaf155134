import { Logger } from '@nestjs/common';
import { loadEnv, startService } from '@parcelstream/service-runtime';
import { carrierSyncAppModule, createCarrierSyncApp, SERVICE_NAME } from './app/carrier-sync-app';
import { CarrierSyncServiceEnv } from './config/carrier-sync-service.env';
import { resolveWebhookSecrets, toCarrierSyncConfig, webhookSecretVariable } from './config/carrier-sync.config';

async function bootstrap() {
  const env = loadEnv(CarrierSyncServiceEnv);
  const { secrets, defaulted } = resolveWebhookSecrets(env); // production: throws naming every missing secret
  const config = toCarrierSyncConfig(env, secrets);
  const app = await createCarrierSyncApp(carrierSyncAppModule(env.DATABASE_URL, config), {
    name: SERVICE_NAME,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.WEBHOOK_BODY_LIMIT,
  });
  if (defaulted.length > 0) {
    new Logger('Config').warn(`development webhook secrets in use for ${defaulted.join(', ')} (set ${defaulted.map(webhookSecretVariable).join(', ')})`);
  }
  await startService(app, { name: SERVICE_NAME, port: env.PORT, shutdownDelayMs: env.SHUTDOWN_DELAY_MS });
}

bootstrap().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
