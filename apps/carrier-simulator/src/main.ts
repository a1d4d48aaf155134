import { Logger } from '@nestjs/common';
import { loadEnv, runService } from '@parcelstream/service-runtime';
import { SimulatorModule } from './app/simulator.module';
import { resolveSigningSecrets, toSimulatorConfig, webhookSecretVariable } from './config/simulator.config';
import { SimulatorEnv } from './config/simulator.env';

const SERVICE_NAME = 'carrier-simulator';

async function bootstrap() {
  const env = loadEnv(SimulatorEnv);
  const { secrets, defaulted } = resolveSigningSecrets(env.NODE_ENV === 'production'); // production: throws naming every missing secret
  const config = toSimulatorConfig(env, secrets);
  await runService(SimulatorModule.forConfig(config), {
    name: SERVICE_NAME,
    port: config.port,
    logLevel: env.LOG_LEVEL,
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS,
    consumeEvents: false,
  });
  const log = new Logger('Simulator');
  log.log(`seed "${config.seed}", time scale ${config.timeScale}x, webhooks to ${config.webhookTarget}/<carrier>`);
  if (defaulted.length > 0) log.warn(`development webhook secrets in use for ${defaulted.join(', ')} (set ${defaulted.map(webhookSecretVariable).join(', ')})`);
}

bootstrap().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
