import { FaultPlan } from './fault-plan';
import type { FaultSpec } from './fault-rule';

const spec = (over: Partial<FaultSpec> = {}): FaultSpec => ({ kind: 'http5xx', carrierCode: 'sim-post', target: 'api', operation: '*', rate: 1, delayMs: 0, status: 503, ...over });

describe('FaultPlan', () => {
  it('fires for matching carrier, target and operation only, and counts the hits', () => {
    const plan = new FaultPlan('seed');
    const rule = plan.add(spec({ operation: 'waybills' }));
    expect(plan.fire('http5xx', { target: 'api', carrierCode: 'sim-track', operation: 'waybills' })).toBeUndefined();
    expect(plan.fire('http5xx', { target: 'api', carrierCode: 'sim-post', operation: 'registrations' })).toBeUndefined();
    expect(plan.fire('timeout', { target: 'api', carrierCode: 'sim-post', operation: 'waybills' })).toBeUndefined();
    expect(plan.fire('http5xx', { target: 'api', carrierCode: 'sim-post', operation: 'waybills' })).toMatchObject({ id: rule.id, applied: 1 });
    expect(plan.find(rule.id)?.applied).toBe(1);
  });

  it('a count is spent, an expiry ends the rule, removal ends it at once', () => {
    let now = 0;
    const plan = new FaultPlan('seed', () => now);
    const counted = plan.add(spec({ kind: 'bad-signature', target: 'webhook', count: 2 }));
    const ctx = { target: 'webhook' as const, carrierCode: 'sim-post' };
    expect([1, 2, 3].map(() => plan.fire('bad-signature', ctx)?.id)).toEqual([counted.id, counted.id, undefined]);
    const timed = plan.add(spec({ kind: 'malformed', target: 'webhook', expiresAtMs: 100 }));
    expect(plan.fire('malformed', ctx)?.id).toBe(timed.id);
    now = 100;
    expect(plan.fire('malformed', ctx)).toBeUndefined();
    const outage = plan.add(spec());
    expect(plan.remove(outage.id)).toBe(true);
    expect(plan.fire('http5xx', { target: 'api', carrierCode: 'sim-post', operation: 'tracking' })).toBeUndefined();
  });

  it('a rate hits about that share, the same way for the same seed', () => {
    const hits = (seed: string) => {
      const plan = new FaultPlan(seed);
      plan.add(spec({ kind: 'duplicate', target: 'webhook', rate: 0.25 }));
      return Array.from({ length: 2000 }, () => plan.fire('duplicate', { target: 'webhook', carrierCode: 'sim-post' }) !== undefined);
    };
    const a = hits('seed');
    expect(a.filter(Boolean).length / 2000).toBeCloseTo(0.25, 1);
    expect(hits('seed')).toEqual(a);
    expect(hits('other')).not.toEqual(a);
  });

  it.each([
    [{ kind: 'http5xx', target: 'webhook' }, 'kind'],
    [{ kind: 'bad-signature', target: 'api' }, 'kind'],
    [{ kind: 'duplicate', target: 'webhook', carrierCode: 'sim-poll' }, 'target'],
    [{ kind: 'http5xx', target: 'api', carrierCode: 'sim-post', operation: 'tracking' }, 'operation'],
    [{ kind: 'duplicate', target: 'api', carrierCode: '*', operation: 'waybills' }, 'operation'],
    [{ kind: 'delay', target: 'webhook', operation: 'tracking' }, 'operation'],
    [{ carrierCode: 'ups' }, 'carrierCode'],
    [{ rate: 0 }, 'rate'],
    [{ count: 0 }, 'count'],
    [{ status: 404 }, 'status'],
  ] as [Partial<FaultSpec>, string][])('refuses a fault that means nothing: %j (field %s)', (over, field) => {
    expect(() => new FaultPlan('seed').add(spec(over))).toThrow(expect.objectContaining({ name: 'InvalidFaultError', field }));
  });
});
