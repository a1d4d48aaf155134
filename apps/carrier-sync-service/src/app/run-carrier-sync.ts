import { Logger, type INestApplication } from '@nestjs/common';
import { ReadinessState } from '@parcelstream/service-runtime';

/**
 * Starts the app and stops it gracefully on SIGTERM/SIGINT — the steps of service-runtime's runService,
 * which cannot be used as is because it creates the app itself (without the raw-body parser).
 */
export async function runCarrierSync(app: INestApplication, options: { name: string; port: number; shutdownDelayMs: number }): Promise<void> {
  const log = new Logger('Service');
  await app.init(); // declares the topics and starts the outbox relay before the consumers subscribe
  await app.startAllMicroservices();
  await app.listen(options.port, process.env.HOST ?? '0.0.0.0');
  log.log(`${options.name} listening on :${options.port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal}: draining`);
    app.get(ReadinessState).markDraining();
    if (options.shutdownDelayMs) await new Promise((r) => setTimeout(r, options.shutdownDelayMs));
    const force = setTimeout(() => {
      log.error('graceful shutdown took too long: exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await app.close();
      log.log('stopped cleanly');
      process.exit(0);
    } catch (e) {
      log.error(e instanceof Error ? e : String(e));
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
