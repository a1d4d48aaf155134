import { composeS10, composeSimulatorWaybill } from '@parcelstream/carriers';
import { waitFor } from '@parcelstream/testing';
import { startSimulator, type Json, type RunningSimulator } from './support/simulator-app';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * The simulator over real HTTP, against a stand-in receiver that checks every style's signature: journeys
 * started by registrations reach the receiver in order and once, the polled carrier's API paginates and
 * rate-limits, and every fault does what it says — while retries keep events from being lost.
 */
jest.setTimeout(60_000);

let sim: RunningSimulator;
const receiver = new WebhookReceiver();
let serial = 100;
const nextSerial = () => ++serial;

beforeAll(async () => {
  const target = await receiver.start();
  sim = await startSimulator({
    SIM_WEBHOOK_TARGET: target,
    SIM_TIME_SCALE: '2000000',
    SIM_JOURNEY_START_DELAY_MS: '20',
    SIM_WEBHOOK_BATCH_MAX: '5',
    SIM_WEBHOOK_RETRY_BASE_MS: '20',
    SIM_WEBHOOK_RETRY_MAX_MS: '100',
    SIM_WEBHOOK_MAX_ATTEMPTS: '6',
    SIM_POLL_RATE_PER_SEC: '5',
    SIM_POLL_RATE_BURST: '3',
    SIM_POLL_PAGE_SIZE: '2',
    SIM_HANG_MS: '5000',
    SIM_WAYBILL_SEQUENCE_START: '1000',
  });
});

afterAll(async () => {
  await sim?.close();
  await receiver.stop();
});

beforeEach(async () => {
  expect((await sim.call('POST', '/control/reset', {})).status).toBe(204);
  receiver.received.length = 0;
  receiver.answer = undefined;
});

const idle = () => waitFor(() => sim.call('GET', '/control/status'), (r) => r.body.idle === true, { what: 'the simulator idle', timeoutMs: 30_000 });
const journey = async (idOrNumber: string): Promise<Json> => (await sim.call('GET', `/control/journeys/${idOrNumber}`)).body;
const ledger = async (query = ''): Promise<Json[]> => (await sim.call('GET', `/control/ledger?limit=10000${query}`)).body.items;
const register = (carrier: string, body: Record<string, unknown>) => sim.call('POST', `/carriers/${carrier}/registrations`, { originCountryCode: 'CN', destinationCountryCode: 'DE', ...body });
const allocate = (carrier: string, shipmentRef: string, to = 'GB') => sim.call('POST', `/carriers/${carrier}/waybills`, { shipmentRef, originCountryCode: 'CN', destinationCountryCode: to });
const s10 = () => composeS10('RR', String(nextSerial()).padStart(8, '0'), 'CN');

/** every event the receiver accepted, in arrival order, as (carrier, number, raw code, time) */
function arrivals(): { carrierCode: string; trackingNumber: string; rawCode: string; occurredAt: string }[] {
  return receiver.received
    .filter((r) => r.status === 202)
    .flatMap((r) => {
      const b = r.body as Json;
      if (r.carrierCode === 'sim-track') return b.msg.checkpoints.map((c: Json) => ({ carrierCode: r.carrierCode, trackingNumber: b.msg.tracking_number, rawCode: c.subtag, occurredAt: c.checkpoint_time }));
      if (r.carrierCode === 'sim-seventeen') {
        // providers list their events newest first: put them back in time order
        const events = b.data.track_info.tracking.providers.flatMap((p: Json) => p.events).sort((x: Json, y: Json) => Date.parse(x.time_iso) - Date.parse(y.time_iso));
        return events.map((e: Json) => ({ carrierCode: r.carrierCode, trackingNumber: b.data.number, rawCode: e.sub_status, occurredAt: e.time_iso }));
      }
      return b.events.map((e: Json) => ({ carrierCode: r.carrierCode, trackingNumber: e.trackingNumber, rawCode: e.rawCode, occurredAt: e.occurredAt }));
    });
}
const key = (e: { carrierCode: string; trackingNumber: string; rawCode: string; occurredAt: string }) => `${e.carrierCode}|${e.trackingNumber}|${e.rawCode}|${e.occurredAt}`;

describe('journeys started by the carriers’ APIs', () => {
  it('every event of every journey reaches the platform signed, in journey order, exactly once', async () => {
    const registered = await Promise.all([
      register('sim-post', { shipmentRef: 'ship-1', trackingNumber: s10() }),
      register('sim-track', { shipmentRef: 'ship-2', trackingNumber: composeSimulatorWaybill('sim-track', nextSerial()), destinationCountryCode: 'US' }),
      register('sim-seventeen', { shipmentRef: 'ship-3', trackingNumber: composeSimulatorWaybill('sim-seventeen', nextSerial()), destinationCountryCode: 'FR' }),
      allocate('sim-post', 'ship-4'),
    ]);
    expect(registered.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    await idle();

    const seen = arrivals();
    for (const r of registered) {
      const j = await journey(r.body.journeyId);
      expect(j).toMatchObject({ state: 'COMPLETE', shipmentRef: r.body.shipmentRef, trackingNumber: r.body.trackingNumber });
      expect(j.timeline.every((e: Json) => e.state === 'ACCEPTED')).toBe(true);
      for (const number of new Set<string>(j.timeline.map((e: Json) => e.trackingNumber))) {
        const scripted = j.timeline.filter((e: Json) => e.trackingNumber === number).map(key);
        expect(seen.filter((e) => e.trackingNumber === number).map(key)).toEqual(scripted);
      }
    }
    const handOver = (await journey(registered[0]!.body.journeyId)).timeline.find((e: Json) => e.milestone === 'HANDED_TO_LAST_MILE');
    expect(handOver).toMatchObject({ rawCode: 'HND', nextCarrierCode: 'sim-lastmile', nextTrackingNumber: expect.stringMatching(/^LM\d{11}$/) });
    const webhooks = await ledger('&channel=webhook');
    expect(webhooks.length).toBeGreaterThan(0);
    expect(webhooks.every((w) => w.status === 202 && w.attempt === 1)).toBe(true);
    expect(receiver.received.every((r) => r.status === 202)).toBe(true);
  });

  it('batches the standard webhook across shipments up to the batch size; the other styles one shipment a request', async () => {
    const started = await sim.call('POST', '/control/journeys', { carrierCode: 'sim-post', originCountryCode: 'CN', destinationCountryCode: 'GB', count: 12, startDelayMs: 0 });
    await sim.call('POST', '/control/journeys', { carrierCode: 'sim-track', originCountryCode: 'CN', destinationCountryCode: 'GB', count: 3, startDelayMs: 0 });
    expect(started.status).toBe(201);
    await idle();
    const posts = receiver.received.filter((r) => r.carrierCode === 'sim-post');
    const sizes = posts.map((r) => (r.body as Json).events.length);
    expect(Math.max(...sizes)).toBe(5);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(arrivals().filter((e) => e.carrierCode === 'sim-post').length);
    expect(posts.some((r) => new Set((r.body as Json).events.map((e: Json) => e.trackingNumber)).size > 1)).toBe(true);
    expect(receiver.accepted('sim-track').every((b) => typeof b.msg.tracking_number === 'string')).toBe(true);
  });
});

describe('the registration and waybill APIs', () => {
  it('are idempotent on the shipment ref and check the numbers', async () => {
    const n = s10();
    const first = await register('sim-post', { shipmentRef: 'ship-a', trackingNumber: n });
    expect(first).toMatchObject({ status: 201, body: { carrierCode: 'sim-post', trackingNumber: n, shipmentRef: 'ship-a', journeyId: expect.stringMatching(/^J\d{6}$/) } });
    expect(await register('sim-post', { shipmentRef: 'ship-a', trackingNumber: n })).toMatchObject({ status: 200, body: first.body });
    expect((await register('sim-post', { shipmentRef: 'ship-a', trackingNumber: s10() })).status).toBe(409);
    expect((await register('sim-post', { shipmentRef: 'ship-b', trackingNumber: n })).status).toBe(409);
    const invalid = await register('sim-post', { shipmentRef: 'ship-c', trackingNumber: 'RR123456789CN' });
    expect(invalid).toMatchObject({ status: 422, body: { title: 'Invalid tracking number' } });
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect((await register('no-such-carrier', { shipmentRef: 'x', trackingNumber: n })).status).toBe(404);
    expect(await register('sim-post', { shipmentRef: 'x', trackingNumber: n, extra: 1 })).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'extra' })] } });

    const allocated = await allocate('sim-track', 'ship-d');
    expect(allocated).toMatchObject({ status: 201, body: { trackingNumber: composeSimulatorWaybill('sim-track', 1000) } });
    expect(await allocate('sim-track', 'ship-d')).toMatchObject({ status: 200, body: { trackingNumber: allocated.body.trackingNumber } });
    expect((await allocate('sim-track', 'ship-e')).body.trackingNumber).toBe(composeSimulatorWaybill('sim-track', 1001));
    expect((await sim.call('GET', '/control/journeys?shipmentRef=ship-d')).body.items).toHaveLength(1);
  });
});

describe('the polled carrier', () => {
  const poll = (numbers: string[], page?: number) => sim.call('GET', `/carriers/sim-poll/tracking?numbers=${numbers.join(',')}${page ? `&page=${page}` : ''}`);

  it('shows every due event with its id and letter, paginated; the push events after the hand-over wait for a poll', async () => {
    const number = composeSimulatorWaybill('sim-poll', nextSerial());
    const reg = await register('sim-poll', { shipmentRef: 'ship-p', trackingNumber: number, destinationCountryCode: 'GB' });
    expect(reg.status).toBe(201);
    // the whole journey is due well before the first poll: no last-mile webhook may go out before the hand-over was served
    await new Promise((r) => setTimeout(r, 700));
    expect(receiver.received).toHaveLength(0);
    const answer = await waitFor(() => poll([number]), (r) => r.status === 200, { what: 'a tracking answer' });
    const evts = answer.body.shipments[0].evts;
    expect(answer.body).toMatchObject({ page: 1, pages: 1, shipments: [{ no: number }] });
    expect(evts.map((e: Json) => e.c).slice(0, 2)).toEqual(['M', 'A']);
    expect(evts[evts.length - 1]).toMatchObject({ c: 'T', nxt: { carrier: 'sim-lastmile', no: expect.stringMatching(/^LM/) } });
    expect(evts.every((e: Json) => typeof e.id === 'string' && /[+-]\d{2}:\d{2}$/.test(e.t))).toBe(true);
    await idle();
    const j = await journey(number);
    expect(j.timeline.filter((e: Json) => e.channel === 'poll').every((e: Json) => e.state === 'SERVED')).toBe(true);
    expect(receiver.accepted('sim-lastmile').length).toBeGreaterThan(0);
    // a poll after that shows the same history again (the platform de-duplicates by id)
    const again = await waitFor(() => poll([number]), (r) => r.status === 200);
    expect(again.body.shipments[0].evts.map((e: Json) => e.id)).toEqual(evts.map((e: Json) => e.id));
  });

  it('paginates by shipments, refuses bad pages, and answers 429 with Retry-After over its rate limit', async () => {
    const numbers = [1, 2, 3].map(() => composeSimulatorWaybill('sim-poll', nextSerial()));
    const page2 = await waitFor(() => poll(numbers, 2), (r) => r.status === 200);
    expect(page2.body).toEqual({ page: 2, pages: 2, shipments: [{ no: numbers[2], evts: [] }] });
    expect((await waitFor(() => poll(numbers, 3), (r) => r.status !== 429)).status).toBe(400);
    const burst = await Promise.all(Array.from({ length: 6 }, () => poll(numbers)));
    const limited = burst.find((r) => r.status === 429);
    expect(limited?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect((await sim.call('GET', '/carriers/sim-post/tracking?numbers=X1')).status).toBe(404);
    expect((await sim.call('GET', '/carriers/sim-poll/tracking')).status).toBe(400);
  });
});

describe('API faults', () => {
  const fault = async (body: Record<string, unknown>) => {
    const res = await sim.call('POST', '/control/faults', body);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('http5xx: an outage answers 503 and registers nothing, until the fault is spent', async () => {
    await fault({ kind: 'http5xx', carrier: 'sim-track', operation: 'registrations', count: 2 });
    const n = composeSimulatorWaybill('sim-track', nextSerial());
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await register('sim-track', { shipmentRef: 'ship-o', trackingNumber: n })).status);
    expect(answers).toEqual([503, 503, 201]);
    expect((await ledger('&channel=api')).map((e) => e.status)).toEqual([503, 503, 201]);
    expect((await sim.call('GET', '/control/journeys')).body.items).toHaveLength(1);
  });

  it('timeout: the carrier does the work but never answers; the retry gets the first answer (200, same number)', async () => {
    await fault({ kind: 'timeout', carrier: 'sim-post', operation: 'waybills', count: 1 });
    const call = fetch(`${sim.baseUrl}/carriers/sim-post/waybills`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shipmentRef: 'ship-t', originCountryCode: 'CN', destinationCountryCode: 'GB' }),
      signal: AbortSignal.timeout(300),
    });
    await expect(call).rejects.toThrow();
    const retry = await allocate('sim-post', 'ship-t');
    expect(retry).toMatchObject({ status: 200, body: { shipmentRef: 'ship-t', trackingNumber: composeS10('CP', '00001000', 'CN') } });
    await waitFor(() => ledger('&channel=api'), (l) => l.some((e) => e.status === null), { what: 'the hung call in the ledger' });
  });

  it('malformed and delay: garbage with a 2xx, a slow answer', async () => {
    await fault({ kind: 'malformed', carrier: 'sim-post', operation: 'registrations', count: 1 });
    await fault({ kind: 'delay', carrier: 'sim-post', operation: 'registrations', count: 1, delayMs: 300 });
    const n = s10();
    const t0 = Date.now();
    const garbled = await fetch(`${sim.baseUrl}/carriers/sim-post/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ shipmentRef: 'ship-m', trackingNumber: n, originCountryCode: 'CN', destinationCountryCode: 'DE' }) });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(garbled.status).toBe(201);
    const text = await garbled.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(await register('sim-post', { shipmentRef: 'ship-m', trackingNumber: n })).toMatchObject({ status: 200, body: { trackingNumber: n } });
  });

  it('on the tracking API: duplicated, reversed, unmapped and malformed pages', async () => {
    const number = composeSimulatorWaybill('sim-poll', nextSerial());
    await register('sim-poll', { shipmentRef: 'ship-q', trackingNumber: number, destinationCountryCode: 'CN' }); // domestic: all polled
    await waitFor(async () => (await journey(number)).state, (s) => s !== 'SCHEDULED');
    await new Promise((r) => setTimeout(r, 600)); // everything due
    const poll = () => waitFor(() => sim.call('GET', `/carriers/sim-poll/tracking?numbers=${number}`), (r) => r.status === 200);
    await fault({ kind: 'unmapped-code', carrier: 'sim-poll', count: 1 });
    const first = (await poll()).body.shipments[0].evts;
    const plain = (await poll()).body.shipments[0].evts;
    const unmapped = (await journey(number)).timeline.filter((e: Json) => e.kind === 'UNMAPPED');
    expect(unmapped).toHaveLength(1);
    expect(unmapped[0]).toMatchObject({ expectedStatus: 'UNKNOWN', rawCode: expect.stringMatching(/^[QJUWY]$/), faults: [expect.stringContaining('unmapped-code')] });
    expect(plain.map((e: Json) => e.c)).toContain(unmapped[0].rawCode);
    expect(plain.length).toBe(first.length + 1);
    await fault({ kind: 'duplicate', carrier: 'sim-poll', count: 1 });
    expect((await poll()).body.shipments[0].evts).toEqual(plain.flatMap((e: Json) => [e, e]));
    await fault({ kind: 'reorder', carrier: 'sim-poll', count: 1 });
    expect((await poll()).body.shipments[0].evts).toEqual([...plain].reverse());
    await fault({ kind: 'malformed', carrier: 'sim-poll', operation: 'tracking', count: 1 });
    expect((await poll()).body.shipments[0].no).toBe(12345);
  });
});

describe('webhook faults, and the platform refusing or down', () => {
  const startOne = async (carrierCode: string, extra: Record<string, unknown> = {}) => {
    const res = await sim.call('POST', '/control/journeys', { carrierCode, originCountryCode: 'CN', destinationCountryCode: 'DE', ...extra });
    expect(res.status).toBe(201);
    return res.body.items[0];
  };
  const fault = (body: Record<string, unknown>) => sim.call('POST', '/control/faults', body);

  it('a bad signature (401) and a malformed body (400) are retried under the same delivery id, then accepted: nothing lost', async () => {
    await fault({ kind: 'bad-signature', carrier: 'sim-post', count: 1 });
    await fault({ kind: 'malformed', carrier: 'sim-post', count: 2 });
    const started = await startOne('sim-post', { destinationCountryCode: 'CN' });
    await idle();
    const entries = await ledger('&channel=webhook&carrier=sim-post');
    // faults compose: the first attempt is both badly signed and malformed, the second only malformed
    expect(entries.map((e) => e.status).slice(0, 3)).toEqual([401, 400, 202]);
    expect(new Set(entries.slice(0, 3).map((e) => e.deliveryId)).size).toBe(1);
    expect(entries.slice(0, 3).map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(entries[0].faults).toEqual([expect.stringContaining('bad-signature'), expect.stringContaining('malformed')]);
    expect(entries[1].faults).toEqual([expect.stringContaining('malformed')]);
    const j = await journey(started.id);
    expect(j.timeline.every((e: Json) => e.state === 'ACCEPTED')).toBe(true);
    expect(arrivals().map(key)).toEqual(j.timeline.map(key));
    expect((await sim.call('GET', '/control/faults')).body.items.map((f: Json) => [f.kind, f.applied, f.live])).toEqual([
      ['bad-signature', 1, false],
      ['malformed', 2, false],
    ]);
  });

  it('duplicate, unmapped code, delay and reorder change what arrives, not what is lost', async () => {
    await fault({ kind: 'duplicate', carrier: 'sim-track', count: 1 });
    await fault({ kind: 'unmapped-code', carrier: 'sim-track', count: 1 });
    await fault({ kind: 'delay', carrier: 'sim-seventeen', count: 1, delayMs: 300 });
    await fault({ kind: 'reorder', carrier: 'sim-post', count: 1 });
    const [track, seventeen, post] = [await startOne('sim-track'), await startOne('sim-seventeen'), await startOne('sim-post')];
    await idle();

    const trackJourney = await journey(track.id);
    const extra = trackJourney.timeline.filter((e: Json) => e.kind === 'UNMAPPED');
    expect(extra).toEqual([expect.objectContaining({ expectedStatus: 'UNKNOWN', rawCode: expect.stringMatching(/^InTransit_9\d\d$/), state: 'ACCEPTED' })]);
    const copies = await ledger('&channel=webhook&carrier=sim-track');
    const duplicate = copies.find((e) => e.duplicateOf);
    expect(duplicate).toMatchObject({ status: 202, events: copies.find((e) => e.deliveryId === duplicate.duplicateOf)?.events });
    const unique = new Set(arrivals().filter((e) => e.carrierCode === 'sim-track').map(key));
    expect([...unique].sort()).toEqual(trackJourney.timeline.filter((e: Json) => e.carrierCode === 'sim-track').map(key).sort());

    const seventeenJourney = await journey(seventeen.id);
    const delayed = seventeenJourney.timeline.find((e: Json) => e.faults.some((f: string) => f.startsWith('delay')));
    const order = arrivals().filter((e) => e.carrierCode === 'sim-seventeen').map(key);
    expect(order.indexOf(key(delayed))).toBeGreaterThan(order.indexOf(key(seventeenJourney.timeline[delayed.seq])));
    expect([...order].sort()).toEqual(seventeenJourney.timeline.map(key).sort());

    const postJourney = await journey(post.id);
    const firstLeg = postJourney.timeline.filter((e: Json) => e.carrierCode === 'sim-post');
    const swapped = firstLeg.findIndex((e: Json) => e.faults.some((f: string) => f.startsWith('reorder')));
    expect(swapped).toBeGreaterThan(0);
    expect(firstLeg[swapped].seq).toBeLessThan(firstLeg[swapped - 1].seq); // sent after the event that followed it
    expect(arrivals().filter((e) => e.carrierCode === 'sim-post').map(key)).toEqual(firstLeg.map(key));
  });

  it('while the platform is down deliveries are retried with back-off; after it comes back every event is accepted', async () => {
    let down = true;
    receiver.answer = () => (down ? 503 : undefined);
    const started = await startOne('sim-post', { destinationCountryCode: 'CN' });
    await waitFor(() => ledger('&channel=webhook'), (l) => l.length >= 3, { what: 'failed attempts' });
    down = false;
    await idle();
    const entries = await ledger('&channel=webhook');
    const firstDelivery = entries.filter((e) => e.deliveryId === entries[0].deliveryId);
    expect(firstDelivery.map((e) => e.status)).toEqual([...Array(firstDelivery.length - 1).fill(503), 202]);
    const j = await journey(started.id);
    expect(j.events).toMatchObject({ accepted: j.events.total, gaveUp: 0 });
    expect(arrivals().map(key)).toEqual(j.timeline.map(key));
  });

  it('a 429 with Retry-After is obeyed before the next attempt', async () => {
    let limited = 1;
    receiver.answer = () => (limited-- > 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined);
    await startOne('sim-post', { destinationCountryCode: 'CN' });
    await idle();
    const [first, second] = await ledger('&channel=webhook');
    expect([first.status, second.status, second.deliveryId]).toEqual([429, 202, first.deliveryId]);
    expect(Date.parse(second.at) - Date.parse(first.at)).toBeGreaterThanOrEqual(1000);
  });

  it('gives up after the last attempt; the journey goes on with its later events', async () => {
    receiver.answer = (carrier) => (carrier === 'sim-post' ? 500 : undefined);
    const started = await startOne('sim-post', { destinationCountryCode: 'GB', customs: 'CLEARED' });
    await idle();
    const j = await journey(started.id);
    expect(j.timeline.filter((e: Json) => e.carrierCode === 'sim-post').every((e: Json) => e.state === 'GAVE_UP')).toBe(true);
    expect(j.timeline.filter((e: Json) => e.carrierCode === 'sim-lastmile').every((e: Json) => e.state === 'ACCEPTED')).toBe(true);
    const attempts = (await ledger('&channel=webhook&carrier=sim-post')).filter((e) => e.deliveryId === j.timeline[0].deliveries[0]);
    expect(attempts.map((e) => e.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('the control API', () => {
  it('refuses faults that mean nothing and bodies it does not know, naming the field', async () => {
    expect(await sim.call('POST', '/control/faults', { kind: 'http5xx', target: 'webhook' })).toMatchObject({ status: 400, body: { errors: [{ field: 'kind' }] } });
    expect(await sim.call('POST', '/control/faults', { kind: 'duplicate', carrier: 'sim-poll', target: 'webhook' })).toMatchObject({ status: 400, body: { errors: [{ field: 'target' }] } });
    expect(await sim.call('POST', '/control/faults', { kind: 'teleport' })).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'kind' })] } });
    expect(await sim.call('POST', '/control/faults', { kind: 'delay', colour: 'red' })).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'colour' })] } });
    const created = await sim.call('POST', '/control/faults', { kind: 'duplicate', carrier: 'sim-poll' });
    expect(created).toMatchObject({ status: 201, body: { id: 'F1', target: 'api', operation: '*', rate: 1, applied: 0, live: true } });
    expect((await sim.call('DELETE', '/control/faults/F1')).status).toBe(204);
    expect((await sim.call('DELETE', '/control/faults/F1')).status).toBe(404);
  });

  it('starts journeys with forced scenarios, refuses impossible ones, finds a journey by either number, and resets', async () => {
    const res = await sim.call('POST', '/control/journeys', { carrierCode: 'sim-track', originCountryCode: 'CN', destinationCountryCode: 'GB', customs: 'HELD_WITH_DUTIES', failedAttempts: 2, outcome: 'RETURNED', startDelayMs: 60_000 });
    expect(res.status).toBe(201);
    const j = res.body.items[0];
    expect(j).toMatchObject({ state: 'SCHEDULED', scenario: { customs: 'HELD_WITH_DUTIES', failedAttempts: 2, outcome: 'RETURNED', handOver: true } });
    expect(j.timeline.find((e: Json) => e.milestone === 'DUTIES_DUE')).toMatchObject({ rawCode: 'Exception_005', expectedSubstatus: 'EXCEPTION.DUTIES_UNPAID', duties: { currency: 'GBP' } });
    expect((await journey(j.lastMileTrackingNumber)).id).toBe(j.id);
    expect((await sim.call('POST', '/control/journeys', { carrierCode: 'sim-track', originCountryCode: 'CN', destinationCountryCode: 'CN', customs: 'HELD' })).status).toBe(422);
    expect((await sim.call('POST', '/control/journeys', { carrierCode: 'sim-track', trackingNumber: j.trackingNumber, originCountryCode: 'CN', destinationCountryCode: 'GB' })).status).toBe(409);
    expect((await sim.call('POST', '/control/journeys', { carrierCode: 'sim-track', trackingNumber: 'ST1', originCountryCode: 'CN', destinationCountryCode: 'GB' })).status).toBe(422);
    expect((await sim.call('POST', '/control/journeys', { carrierCode: 'sim-track', trackingNumber: j.trackingNumber, count: 2, originCountryCode: 'CN', destinationCountryCode: 'GB' })).status).toBe(400);
    expect((await sim.call('GET', '/control/status')).body).toMatchObject({ journeys: { total: 1, running: 1 }, idle: false, nextDueAt: expect.any(String) });
    expect((await sim.call('POST', '/control/reset', { seed: 'another' })).status).toBe(204);
    expect((await sim.call('GET', '/control/status')).body).toMatchObject({ seed: 'another', journeys: { total: 0 }, idle: true, ledgerEntries: 0 });
    expect((await sim.call('GET', `/control/journeys/${j.id}`)).status).toBe(404);
  });

  it('is deterministic: the same seed and number give the same journey, another seed another one', async () => {
    const numbers = [1, 2, 3, 4].map((i) => composeSimulatorWaybill('sim-track', 5000 + i));
    const play = async (seed: string) => {
      await sim.call('POST', '/control/reset', { seed });
      const out = [];
      for (const trackingNumber of numbers) {
        const r = await sim.call('POST', '/control/journeys', { carrierCode: 'sim-track', trackingNumber, originCountryCode: 'CN', destinationCountryCode: 'DE', startDelayMs: 60_000 });
        out.push({ scenario: r.body.items[0].scenario, steps: r.body.items[0].timeline.map((e: Json) => [e.milestone, e.rawCode, e.location.city, e.duties?.amount]) });
      }
      return out;
    };
    const a = await play('seed-a');
    expect(await play('seed-a')).toEqual(a);
    expect(await play('seed-b')).not.toEqual(a);
  });
});
