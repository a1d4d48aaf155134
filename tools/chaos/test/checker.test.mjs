/**
 * The chaos checker must catch what it is there to catch: a lost event, an event applied twice, a status the
 * events do not give, an order that disagrees with its shipment. `node --test tools/chaos/test/`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkShipment, expectedOrderStatus, expectedStatus, summarize, verdictLine } from '../checker.mjs';

const ev = (seq, rawCode, occurredAt, expected, extra = {}) => ({ ref: `j1#${seq}`, seq, rawCode, occurredAt, expectedStatus: expected, state: 'ACCEPTED', ...extra });
const journey = (timeline) => ({ shipmentRef: 'ship-1', timeline });
const shown = (e) => ({ id: e.eventId ?? `fp-${e.seq}`, rawCode: e.rawCode, occurredAt: e.occurredAt });
const events = [
  ev(1, 'PU', '2026-12-01T08:00:00Z', 'IN_TRANSIT', { eventId: 'e1' }),
  ev(2, 'CC', '2026-12-02T08:00:00Z', 'IN_TRANSIT'),
  ev(3, 'OD', '2026-12-03T08:00:00Z', 'OUT_FOR_DELIVERY', { eventId: 'e3' }),
  ev(4, 'DL', '2026-12-03T15:00:00Z', 'DELIVERED', { eventId: 'e4' }),
];
const order = (status, trackingStatus) => ({ orderNumber: 'PS-1', status, shipments: [{ shipmentId: 'ship-1', trackingStatus }] });

test('a faithful platform passes', () => {
  const r = checkShipment({ journey: journey(events), view: { status: 'DELIVERED', events: events.map(shown) }, order: order('DELIVERED', 'DELIVERED') });
  assert.deepEqual({ lost: r.lost, duplicated: r.duplicated, wrongStatus: r.wrongStatus, orderDisagrees: r.orderDisagrees, applied: r.applied }, { lost: 0, duplicated: 0, wrongStatus: false, orderDisagrees: false, applied: 4 });
  assert.deepEqual(r.problems, []);
});

test('a lost event is counted, by carrier event id and by code and time (fingerprinted events)', () => {
  const withoutFirst = events.slice(1).map(shown);
  assert.equal(checkShipment({ journey: journey(events), view: { status: 'DELIVERED', events: withoutFirst }, order: null }).lost, 1);
  const withoutSecond = events.filter((e) => e.seq !== 2).map(shown);
  const r = checkShipment({ journey: journey(events), view: { status: 'DELIVERED', events: withoutSecond }, order: null });
  assert.equal(r.lost, 1);
  assert.match(r.problems[0], /^lost j1#2 CC@/);
});

test('an event applied twice is counted once per event, whatever the number of copies', () => {
  const view = { status: 'DELIVERED', events: [...events.map(shown), shown(events[2]), shown(events[2]), shown(events[1])] };
  const r = checkShipment({ journey: journey(events), view, order: null });
  assert.equal(r.duplicated, 2);
  assert.equal(r.lost, 0);
});

test('an unknown waybill loses every accepted event', () => {
  const r = checkShipment({ journey: journey(events), view: null, order: null });
  assert.equal(r.lost, 4);
  assert.equal(r.wrongStatus, true);
});

test('events the carrier never had accepted are not expected', () => {
  const refused = events.map((e, i) => (i === 3 ? { ...e, state: 'GAVE_UP' } : e));
  const r = checkShipment({ journey: journey(refused), view: { status: 'OUT_FOR_DELIVERY', events: refused.slice(0, 3).map(shown) }, order: null });
  assert.equal(r.accepted, 3);
  assert.equal(r.lost, 0);
  assert.equal(r.wrongStatus, false);
});

test('the expected status is the latest event by carrier time, not by arrival; UNKNOWN codes change nothing', () => {
  const late = [events[3], events[0], events[2], events[1]]; // delivered arrived first
  assert.equal(expectedStatus(late), 'DELIVERED');
  assert.equal(expectedStatus([...events, ev(5, 'ZZ', '2026-12-04T00:00:00Z', 'UNKNOWN')]), 'DELIVERED');
  assert.equal(expectedStatus([]), 'PENDING');
  // equal carrier times: the later step of the script wins
  assert.equal(expectedStatus([ev(2, 'B', '2026-12-01T00:00:00Z', 'EXCEPTION'), ev(1, 'A', '2026-12-01T00:00:00Z', 'IN_TRANSIT')]), 'EXCEPTION');
});

test('a wrong status is caught', () => {
  const r = checkShipment({ journey: journey(events), view: { status: 'OUT_FOR_DELIVERY', events: events.map(shown) }, order: null });
  assert.equal(r.wrongStatus, true);
  assert.match(r.problems.join(), /status OUT_FOR_DELIVERY instead of DELIVERED/);
});

test('an order that disagrees with its shipment is caught (order status or the package’s status)', () => {
  const view = { status: 'DELIVERED', events: events.map(shown) };
  assert.equal(checkShipment({ journey: journey(events), view, order: order('IN_TRANSIT', 'DELIVERED') }).orderDisagrees, true);
  assert.equal(checkShipment({ journey: journey(events), view, order: order('DELIVERED', 'OUT_FOR_DELIVERY') }).orderDisagrees, true);
  assert.equal(checkShipment({ journey: journey(events), view, order: { orderNumber: 'PS-1', status: 'DELIVERED', shipments: [] } }).orderDisagrees, true);
});

test('order statuses follow SPEC §2 from the tracking status', () => {
  assert.equal(expectedOrderStatus('PENDING'), 'SHIPPED');
  assert.equal(expectedOrderStatus('INFO_RECEIVED'), 'SHIPPED');
  assert.equal(expectedOrderStatus('IN_TRANSIT'), 'IN_TRANSIT');
  assert.equal(expectedOrderStatus('ATTEMPT_FAIL'), 'IN_TRANSIT');
  assert.equal(expectedOrderStatus('DELIVERED'), 'DELIVERED');
  assert.equal(expectedOrderStatus('RETURNED'), 'EXCEPTION');
});

test('the totals and the verdict line: wrong counts statuses and disagreeing orders', () => {
  const t = summarize([
    { accepted: 4, applied: 3, lost: 1, duplicated: 0, wrongStatus: true, orderDisagrees: true },
    { accepted: 2, applied: 2, lost: 0, duplicated: 1, wrongStatus: false, orderDisagrees: true },
  ]);
  assert.equal(verdictLine(t), 'chaos: 6 accepted, 1 lost, 1 duplicated, 3 wrong statuses');
  assert.equal(verdictLine(summarize([])), 'chaos: 0 accepted, 0 lost, 0 duplicated, 0 wrong statuses');
});
