import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFaults, seededRandom } from '../fault-plan.mjs';

const processes = ['order-service', 'shipment-service', 'carrier-sync-service', 'tracking-service', 'api-gateway'];

test('every process killed `kills` times, the broker stopped cleanly and with SIGKILL, PostgreSQL away once', () => {
  const plan = planFaults({ processes, kills: 3, random: seededRandom('x') });
  assert.equal(plan.length, processes.length * 3 + 3);
  for (const p of processes) assert.equal(plan.filter((f) => f.kind === 'kill' && f.target === p).length, 3);
  for (const kind of ['broker-stop', 'broker-kill', 'postgres-outage']) assert.equal(plan.filter((f) => f.kind === kind).length, 1);
});

test('the same seed gives the same plan; another seed another order', () => {
  const a = planFaults({ processes, kills: 1, random: seededRandom('chaos') });
  assert.deepEqual(planFaults({ processes, kills: 1, random: seededRandom('chaos') }), a);
  assert.notDeepEqual(planFaults({ processes, kills: 1, random: seededRandom('other') }), a);
});
