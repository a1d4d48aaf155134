import { SeededRandom } from '../journeys/seeded-random';
import { simulatedCarrier } from '../carriers/simulated-carriers';
import { InvalidFaultError, MEANINGFUL, TRACKING_ONLY, type FaultContext, type FaultKind, type FaultRule, type FaultSpec } from './fault-rule';

/**
 * The faults asked for (POST /control/faults), and the decision whether one fires — deterministic: each rule
 * draws from its own generator seeded by (seed, rule id), so the same sequence of deliveries and calls is hit
 * the same way on every run.
 */
export class FaultPlan {
  private rules: FaultRule[] = [];
  private readonly randoms = new Map<string, SeededRandom>();
  private sequence = 0;

  constructor(
    private seed: string,
    private readonly now: () => number = Date.now,
  ) {}

  add(spec: FaultSpec): FaultRule {
    validate(spec);
    const rule: FaultRule = { ...spec, id: `F${++this.sequence}`, createdAtMs: this.now(), applied: 0 };
    this.rules.push(rule);
    this.randoms.set(rule.id, new SeededRandom(`${this.seed}|fault|${rule.id}`));
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  find(id: string): FaultRule | undefined {
    const rule = this.rules.find((r) => r.id === id);
    return rule && { ...rule };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  reset(seed: string): void {
    this.seed = seed;
    this.rules = [];
    this.randoms.clear();
    this.sequence = 0;
  }

  /** whether a rule applies now (not spent, not expired) */
  isLive(rule: FaultRule): boolean {
    return (rule.count === undefined || rule.applied < rule.count) && (rule.expiresAtMs === undefined || rule.expiresAtMs > this.now());
  }

  /** The first live rule of this kind matching the context that fires now; counts the hit. */
  fire(kind: FaultKind, context: FaultContext): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.kind !== kind || rule.target !== context.target || !this.isLive(rule)) continue;
      if (rule.carrierCode !== '*' && rule.carrierCode !== context.carrierCode) continue;
      if (context.target === 'api' && rule.operation !== '*' && rule.operation !== context.operation) continue;
      const random = this.randoms.get(rule.id) as SeededRandom;
      if (random.next() >= rule.rate) continue;
      rule.applied += 1;
      return { ...rule };
    }
    return undefined;
  }
}

function validate(spec: FaultSpec): void {
  if (!MEANINGFUL[spec.target].includes(spec.kind)) {
    throw new InvalidFaultError(`a ${spec.kind} fault means nothing for target ${spec.target} (it does: ${MEANINGFUL[spec.target].join(', ')})`, 'kind');
  }
  if (spec.carrierCode !== '*') {
    const carrier = simulatedCarrier(spec.carrierCode);
    if (!carrier) throw new InvalidFaultError(`${spec.carrierCode} is not a carrier the simulator plays`, 'carrierCode');
    if (spec.target === 'webhook' && carrier.style === 'polled') throw new InvalidFaultError(`${spec.carrierCode} is polled: it sends no webhooks (use target api)`, 'target');
    if (spec.target === 'api' && spec.operation === 'tracking' && carrier.style !== 'polled') {
      throw new InvalidFaultError(`${spec.carrierCode} pushes: it has no tracking API (only sim-poll has)`, 'operation');
    }
  }
  if (spec.target === 'webhook' && spec.operation !== '*') throw new InvalidFaultError('operation is for API faults only', 'operation');
  if (spec.target === 'api' && TRACKING_ONLY.has(spec.kind) && spec.operation !== 'tracking' && spec.operation !== '*') {
    throw new InvalidFaultError(`an api ${spec.kind} fault is about tracking events: operation must be tracking`, 'operation');
  }
  if (!(spec.rate > 0 && spec.rate <= 1)) throw new InvalidFaultError('rate must be more than 0 and at most 1', 'rate');
  if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 1)) throw new InvalidFaultError('count must be a positive integer', 'count');
  if (!(spec.status >= 500 && spec.status <= 599)) throw new InvalidFaultError('status must be a 5xx', 'status');
}
