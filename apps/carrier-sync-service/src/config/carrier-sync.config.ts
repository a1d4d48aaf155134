import { findCarrier } from '@parcelstream/carriers';
import type { CarrierSyncServiceEnv } from './carrier-sync-service.env';

export const CARRIER_SYNC_CONFIG = Symbol('CARRIER_SYNC_CONFIG');

export interface CarrierSyncConfig {
  carrierApiBaseUrl: string;
  carrierApiTimeoutMs: number;
  webhook: { toleranceSec: number; maxEvents: number; bodyLimit: string; secrets: ReadonlyMap<string, readonly Buffer[]> };
  registration: { maxAttempts: number; backoffMs: number; idleMs: number };
  circuit: { failureThreshold: number; openMs: number };
  polling: { intervalMs: number; baseIntervalMs: number; nearDeliveryIntervalMs: number; maxIntervalMs: number; batchSize: number; ratePerSec: number; burst: number };
  backgroundWorkers: boolean;
}

/** Development defaults, printed at start; production refuses to start without the real secrets. */
export const DEVELOPMENT_WEBHOOK_SECRETS: Readonly<Record<string, string>> = {
  'sim-post': 'sim-post-secret',
  'sim-track': 'sim-track-secret',
  'sim-seventeen': 'sim-seventeen-secret',
  'sim-lastmile': 'sim-lastmile-secret',
};

/** `CARRIER_<code upper-cased, - as _>_WEBHOOK_SECRET` (SPEC §5). */
export function webhookSecretVariable(carrierCode: string): string {
  return `CARRIER_${carrierCode.toUpperCase().replace(/-/g, '_')}_WEBHOOK_SECRET`;
}

/**
 * A secret as configured: `whsec_<base64>` (Standard Webhooks) is decoded, anything else is used as UTF-8
 * bytes. Several secrets, comma-separated, are all accepted (the receiving side of a rotation).
 */
export function parseWebhookSecrets(value: string): Buffer[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith('whsec_') ? Buffer.from(s.slice('whsec_'.length), 'base64') : Buffer.from(s, 'utf8')));
}

export class MissingWebhookSecretsError extends Error {
  constructor(readonly variables: string[]) {
    super(`production needs the carriers' webhook secrets: set ${variables.join(', ')}`);
    this.name = 'MissingWebhookSecretsError';
  }
}

export interface ResolvedSecrets {
  secrets: Map<string, Buffer[]>;
  /** carriers running on a development default */
  defaulted: string[];
}

export function resolveWebhookSecrets(env: Pick<CarrierSyncServiceEnv, 'NODE_ENV' | 'WEBHOOK_CARRIERS'>, vars: NodeJS.ProcessEnv = process.env): ResolvedSecrets {
  const secrets = new Map<string, Buffer[]>();
  const defaulted: string[] = [];
  const missing: string[] = [];
  for (const code of env.WEBHOOK_CARRIERS.split(',')) {
    const carrier = findCarrier(code);
    if (!carrier) throw new Error(`WEBHOOK_CARRIERS names an unknown carrier: ${code}`);
    const variable = webhookSecretVariable(code);
    const given = vars[variable];
    if (given && parseWebhookSecrets(given).length > 0) {
      secrets.set(code, parseWebhookSecrets(given));
    } else if (env.NODE_ENV !== 'production' && DEVELOPMENT_WEBHOOK_SECRETS[code]) {
      secrets.set(code, parseWebhookSecrets(DEVELOPMENT_WEBHOOK_SECRETS[code]));
      defaulted.push(code);
    } else {
      missing.push(variable);
    }
  }
  if (missing.length > 0 && env.NODE_ENV === 'production') throw new MissingWebhookSecretsError(missing);
  return { secrets, defaulted };
}

export function toCarrierSyncConfig(env: CarrierSyncServiceEnv, secrets: ReadonlyMap<string, readonly Buffer[]>): CarrierSyncConfig {
  return {
    carrierApiBaseUrl: env.CARRIER_API_BASE_URL.replace(/\/$/, ''),
    carrierApiTimeoutMs: env.CARRIER_API_TIMEOUT_MS,
    webhook: { toleranceSec: env.WEBHOOK_TOLERANCE_SEC, maxEvents: env.WEBHOOK_MAX_EVENTS, bodyLimit: env.WEBHOOK_BODY_LIMIT, secrets },
    registration: { maxAttempts: env.REGISTRATION_MAX_ATTEMPTS, backoffMs: env.REGISTRATION_BACKOFF_MS, idleMs: env.REGISTRATION_IDLE_MS },
    circuit: { failureThreshold: env.CIRCUIT_FAILURE_THRESHOLD, openMs: env.CIRCUIT_OPEN_MS },
    polling: {
      intervalMs: env.POLL_INTERVAL_MS,
      baseIntervalMs: env.POLL_BASE_INTERVAL_MS,
      nearDeliveryIntervalMs: env.POLL_NEAR_DELIVERY_INTERVAL_MS,
      maxIntervalMs: env.POLL_MAX_INTERVAL_MS,
      batchSize: env.POLL_BATCH_SIZE,
      ratePerSec: env.POLL_RATE_PER_SEC,
      burst: env.POLL_RATE_BURST,
    },
    backgroundWorkers: env.BACKGROUND_WORKERS === 'on',
  };
}
