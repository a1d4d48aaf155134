import { type DynamicModule, type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { KafkaBatchTransport } from '@parcelstream/nest-messaging';
import { createLogger, ensureTracing, PinoNestLogger, shutdownTracing, traceMiddleware } from '@parcelstream/observability';
import { ReadinessState } from './health/readiness-state';
import { answerHttpLayerErrorsAsProblems, hostHeaderRequired } from './http/http-layer-problems';
import { InputShapeInterceptor } from './http/input-shape.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { strictValidationPipe } from './http/validation.pipe';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';

export interface RunServiceOptions {
  name: string;
  port: number;
  logLevel?: string;
  /** readiness false → wait this long → stop taking work (fits the k8s preStop delay) */
  shutdownDelayMs?: number;
  /** consume events with the app's @EventPattern handlers (default true) */
  consumeEvents?: boolean;
  /** false: the app registers its own body parsers in `configure` (e.g. raw bodies for signed webhooks) */
  bodyParser?: boolean;
  /** express-level set-up that must precede the routes (body parsers, static pages) */
  configure?: (app: INestApplication) => void;
}

/**
 * Creates the Nest app the platform's way: JSON logs, traces, metrics, RFC 9457 errors, OpenAPI. Tracing is set
 * up from the OTEL_* environment (service.name = `options.name`) unless the process set it up already.
 */
export async function createServiceApp(appModule: Type<unknown> | DynamicModule, options: RunServiceOptions): Promise<INestApplication> {
  const logger = createLogger(options.name, options.logLevel);
  const tracing = ensureTracing(options.name, logger);
  logger.info({ context: 'Tracing', ...tracing }, `traces: ${tracing.exporter} (sampler ${tracing.sampler})`);
  const app = await NestFactory.create(appModule, {
    logger: new PinoNestLogger(logger),
    bodyParser: options.bodyParser ?? true,
  });
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(hostHeaderRequired(app.getHttpServer()));
  app.use(traceMiddleware);
  app.use(httpMetricsMiddleware);
  options.configure?.(app);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new InputShapeInterceptor());
  app.useGlobalPipes(strictValidationPipe());
  const openApi = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(`${options.name} API`).setVersion('1').addBearerAuth().build());
  SwaggerModule.setup('docs', app, openApi, { jsonDocumentUrl: 'docs/openapi.json' });
  if (options.consumeEvents !== false) {
    // inheritAppConfig: the global filter rethrows handler errors untouched in the RPC context
    app.connectMicroservice<MicroserviceOptions>({ strategy: app.get(KafkaBatchTransport) }, { inheritAppConfig: true });
  }
  return app;
}

/**
 * Starts a service and stops it gracefully on SIGTERM/SIGINT: readiness turns false first, then HTTP and the
 * consumers stop (the batch in hand commits), the outbox is flushed, Kafka and Postgres disconnect, and the
 * spans still buffered are exported.
 */
export async function runService(appModule: Type<unknown> | DynamicModule, options: RunServiceOptions): Promise<INestApplication> {
  return startService(await createServiceApp(appModule, options), options);
}

/** The second half of runService, for an app created with extras of its own (e.g. carrier-sync's raw-body webhooks). */
export async function startService(app: INestApplication, options: Pick<RunServiceOptions, 'name' | 'port' | 'shutdownDelayMs'>): Promise<INestApplication> {
  const log = new Logger('Service');
  await app.init(); // declares the topics and starts the outbox relay before the consumers subscribe
  answerHttpLayerErrorsAsProblems(app.getHttpServer());
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
      await shutdownTracing();
      log.log('stopped cleanly');
      process.exit(0);
    } catch (e) {
      log.error(e instanceof Error ? e : String(e));
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return app;
}
