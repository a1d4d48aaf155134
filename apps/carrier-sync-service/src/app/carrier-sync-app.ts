import type { DynamicModule, INestApplication } from '@nestjs/common';
import { createServiceApp, ServiceModule, type RunServiceOptions, type ServiceModuleOptions } from '@parcelstream/service-runtime';
import { raw } from 'express';
import { ArchiveModule } from '../archive/archive.module';
import type { CarrierSyncConfig } from '../config/carrier-sync.config';
import { CARRIER_SYNC_SCHEMA, carrierSyncDataSourceOptions } from '../database/carrier-sync-data-source';
import { OpsModule } from '../ops/ops.module';
import { PollingModule } from '../polling/polling.module';
import { RegistrationModule } from '../registration/registration.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { CarrierSyncCoreModule } from './carrier-sync-core.module';

export const SERVICE_NAME = 'carrier-sync-service';

export function carrierSyncAppModule(
  databaseUrl: string,
  config: CarrierSyncConfig,
  options: { messaging?: ServiceModuleOptions['messaging']; poolSize?: number } = {},
): DynamicModule {
  return ServiceModule.forService({
    serviceName: SERVICE_NAME,
    schema: CARRIER_SYNC_SCHEMA,
    dataSource: carrierSyncDataSourceOptions(databaseUrl, options.poolSize),
    imports: [CarrierSyncCoreModule.forRoot(config), WebhooksModule, RegistrationModule, PollingModule, OpsModule, ArchiveModule],
    messaging: options.messaging,
  });
}

/**
 * The platform's app (createServiceApp: logs, traces, metrics, RFC 9457, OpenAPI, the event transport) plus
 * one thing: webhook signatures are over the RAW body bytes, so `/webhooks` bodies are read by `express.raw`
 * (any content type, up to the body limit) before Nest's JSON parser — which then leaves them alone
 * (`req._body` is set) — and the controller parses the JSON itself. Everywhere else bodies are JSON as usual.
 * (libs/service-runtime's createServiceApp does not pass `rawBody: true`; a parser registered before
 * `init()` runs before Nest's own, so no change to the shared lib is needed.)
 */
export async function createCarrierSyncApp(appModule: DynamicModule, options: RunServiceOptions & { bodyLimit: string }): Promise<INestApplication> {
  const app = await createServiceApp(appModule, options);
  app.use('/webhooks', raw({ type: () => true, limit: options.bodyLimit }));
  return app;
}
