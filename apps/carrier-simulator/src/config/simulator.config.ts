import { SIMULATED_CARRIERS } from '../carriers/simulated-carriers';
import { signingSecretOf } from '../carriers/webhook-signing';
import type { SimulatorEnv } from './simulator.env';

export const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');

/** The typed configuration, built once from the validated environment. */
export interface SimulatorConfig {
  production: boolean;
  port: number;
  seed: string;
  webhookTarget: string;
  timeScale: number;
  journeyStartDelayMs: number;
  webhook: { batchMax: number; concurrency: number; timeoutMs: number; maxAttempts: number; retryBaseMs: number; retryMaxMs: number };
  poll: { ratePerSec: number; burst: number; pageSize: number; maxNumbers: number };
  hangMs: number;
  ledgerMax: number;
  waybillSequenceStart: number | 'per-run';
  /** the signing secret of each push carrier */
  secrets: ReadonlyMap<string, Buffer>;
}

/** Development defaults (the same as carrier-sync's, SPEC §5): a local run needs no setup. */
export const DEVELOPMENT_WEBHOOK_SECRETS: Readonly<Record<string, string>> = {
  'sim-post': 'sim-post-secret',
  'sim-track': 'sim-track-secret',
  'sim-seventeen': 'sim-seventeen-secret',
  'sim-lastmile': 'sim-lastmile-secret',
};

/** `CARRIER_<code upper-cased, - as _>_WEBHOOK_SECRET` (SPEC §5), as carrier-sync reads it. */
export function webhookSecretVariable(carrierCode: string): string {
  return `CARRIER_${carrierCode.toUpperCase().replace(/-/g, '_')}_WEBHOOK_SECRET`;
}

export class MissingWebhookSecretsError extends Error {
  constructor(readonly variables: string[]) {
    super(`production needs the carriers' webhook secrets: set ${variables.join(', ')}`);
    this.name = 'MissingWebhookSecretsError';
  }
}

/** Each push carrier's signing secret: its variable (first comma-separated value), else the development default; production refuses defaults. */
export function resolveSigningSecrets(production: boolean, vars: NodeJS.ProcessEnv = process.env): { secrets: Map<string, Buffer>; defaulted: string[] } {
  const secrets = new Map<string, Buffer>();
  const defaulted: string[] = [];
  const missing: string[] = [];
  for (const carrier of SIMULATED_CARRIERS.filter((c) => c.style !== 'polled')) {
    const variable = webhookSecretVariable(carrier.code);
    const given = vars[variable]?.trim();
    if (given) secrets.set(carrier.code, signingSecretOf(given));
    else if (production) missing.push(variable);
    else {
      secrets.set(carrier.code, signingSecretOf(DEVELOPMENT_WEBHOOK_SECRETS[carrier.code] as string));
      defaulted.push(carrier.code);
    }
  }
  if (missing.length > 0) throw new MissingWebhookSecretsError(missing);
  return { secrets, defaulted };
}

export function toSimulatorConfig(env: SimulatorEnv, secrets: ReadonlyMap<string, Buffer>): SimulatorConfig {
  return {
    production: env.NODE_ENV === 'production',
    port: env.SIM_PORT ?? env.PORT,
    seed: env.SIM_SEED,
    webhookTarget: env.SIM_WEBHOOK_TARGET.replace(/\/+$/, ''),
    timeScale: env.SIM_TIME_SCALE,
    journeyStartDelayMs: env.SIM_JOURNEY_START_DELAY_MS,
    webhook: {
      batchMax: env.SIM_WEBHOOK_BATCH_MAX,
      concurrency: env.SIM_WEBHOOK_CONCURRENCY,
      timeoutMs: env.SIM_WEBHOOK_TIMEOUT_MS,
      maxAttempts: env.SIM_WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: env.SIM_WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: env.SIM_WEBHOOK_RETRY_MAX_MS,
    },
    poll: { ratePerSec: env.SIM_POLL_RATE_PER_SEC, burst: env.SIM_POLL_RATE_BURST, pageSize: env.SIM_POLL_PAGE_SIZE, maxNumbers: env.SIM_POLL_MAX_NUMBERS },
    hangMs: env.SIM_HANG_MS,
    ledgerMax: env.SIM_LEDGER_MAX,
    waybillSequenceStart: env.SIM_WAYBILL_SEQUENCE_START ?? 'per-run',
    secrets,
  };
}
