import { simulatedCarrier } from '../carriers/simulated-carriers';

export interface LoadOptions {
  /** webhooks go to `<target>/<carrier>` */
  target: string;
  carrierCode: string;
  events: number;
  shipments: number;
  concurrency: number;
  batch: number;
  seed: string;
  originCountryCode: string;
  destinationCountryCode: string;
  timeoutMs: number;
}

export const LOAD_USAGE = `usage: npm run sim:load -- [--events N] [--shipments M] [--concurrency C] [--batch B] [--carrier CODE]
                          [--target URL] [--seed S] [--from CC] [--to CC] [--timeout-ms MS]
  Pushes N signed carrier events for M shipments to <target>/<carrier> (default target: SIM_WEBHOOK_TARGET or
  http://127.0.0.1:3003/webhooks/carriers, carrier-sync direct), C requests at a time, at most B events a request,
  and prints events/s. Carriers: sim-post, sim-lastmile (standard webhook), sim-track (aftership style, one
  shipment a request), sim-seventeen (17TRACK style, one shipment a request). Secrets: CARRIER_<CODE>_WEBHOOK_SECRET
  or the development defaults.`;

export class LoadOptionsError extends Error {}

const FLAGS: Readonly<Record<string, keyof LoadOptions>> = {
  '--target': 'target',
  '--carrier': 'carrierCode',
  '--events': 'events',
  '--shipments': 'shipments',
  '--concurrency': 'concurrency',
  '--batch': 'batch',
  '--seed': 'seed',
  '--from': 'originCountryCode',
  '--to': 'destinationCountryCode',
  '--timeout-ms': 'timeoutMs',
};

const NUMERIC = new Set<keyof LoadOptions>(['events', 'shipments', 'concurrency', 'batch', 'timeoutMs']);

/** Reads the command line (`--flag value` or `--flag=value`); every problem is named. */
export function parseLoadOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): LoadOptions {
  const options: LoadOptions = {
    target: (env.SIM_WEBHOOK_TARGET ?? 'http://127.0.0.1:3003/webhooks/carriers').replace(/\/+$/, ''),
    carrierCode: 'sim-post',
    events: 10_000,
    shipments: 100,
    concurrency: 8,
    batch: 100,
    seed: 'load',
    originCountryCode: 'CN',
    destinationCountryCode: 'GB',
    timeoutMs: 30_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split(/=(.*)/s, 2) as [string, string | undefined];
    const key = FLAGS[flag];
    if (!key) throw new LoadOptionsError(`unknown option ${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new LoadOptionsError(`${flag} needs a value`);
    if (NUMERIC.has(key)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new LoadOptionsError(`${flag} must be a positive integer (got ${value})`);
      (options as unknown as Record<string, number>)[key] = n;
    } else {
      (options as unknown as Record<string, string>)[key] = key === 'target' ? value.replace(/\/+$/, '') : value;
    }
  }
  const carrier = simulatedCarrier(options.carrierCode);
  if (!carrier) throw new LoadOptionsError(`--carrier ${options.carrierCode} is not a simulated carrier`);
  if (carrier.style === 'polled') throw new LoadOptionsError(`--carrier ${options.carrierCode} is polled: it pushes nothing`);
  if (options.shipments > options.events) throw new LoadOptionsError('--shipments must not exceed --events');
  if (options.batch > 500) throw new LoadOptionsError('--batch must be at most 500 (the platform takes up to 500 events a request)');
  if (!/^https?:\/\//.test(options.target)) throw new LoadOptionsError('--target must be an http(s) URL');
  if (!/^[A-Z]{2}$/.test(options.originCountryCode) || !/^[A-Z]{2}$/.test(options.destinationCountryCode)) throw new LoadOptionsError('--from and --to must be ISO country codes');
  return options;
}
