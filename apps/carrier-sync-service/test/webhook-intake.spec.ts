import type { INestApplication } from '@nestjs/common';
import { Topics, TrackingEventNormalizedEvent, type NormalizedTrackingEvent } from '@parcelstream/contracts';
import { rowsOf } from '@parcelstream/messaging';
import { runServiceMigrations } from '@parcelstream/service-runtime';
import { createPlatformDatabase, metricValue, scrapeMetrics, TopicRecorder, uniqueName, waitFor } from '@parcelstream/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { carrierSyncAppModule, createCarrierSyncApp } from '../src/app/carrier-sync-app';
import { CarrierSyncServiceEnv } from '../src/config/carrier-sync-service.env';
import { resolveWebhookSecrets, toCarrierSyncConfig } from '../src/config/carrier-sync.config';
import { signAftership } from '../src/connectors/aftership/aftership.signature';
import { signStandardWebhook } from '../src/connectors/standard-webhook/standard-webhook.signature';
import { carrierSyncDataSourceOptions } from '../src/database/carrier-sync-data-source';

/**
 * Webhook intake over real HTTP, Postgres and Kafka (SPEC §5): 202 only once the events are in the outbox,
 * up to 500 events a request, repeats ignored, and every refusal (signature, replay window, malformed body,
 * too many events, unknown carrier) a problem answer that changes no state.
 */
jest.setTimeout(90_000);

const SIM_POST_SECRET = 'sim-post-secret'; // the development default (SPEC §5)

let app: INestApplication;
let baseUrl: string;
let db: DataSource;
let recorder: TopicRecorder;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const database = await createPlatformDatabase();
  dropDatabase = database.drop;
  const url = database.urls['carrier-sync-service'];
  await runServiceMigrations(carrierSyncDataSourceOptions(url), () => undefined);
  const env = Object.assign(new CarrierSyncServiceEnv(), { BACKGROUND_WORKERS: 'off', WEBHOOK_CARRIERS: 'sim-post,sim-track' });
  const { secrets } = resolveWebhookSecrets(env, {});
  const config = toCarrierSyncConfig(env, secrets);
  app = await createCarrierSyncApp(
    carrierSyncAppModule(url, config, { messaging: { brokers: process.env.KAFKA_BROKERS!.split(','), consumerGroup: uniqueName('carrier-sync') } }),
    { name: 'carrier-sync-service', port: 0, logLevel: process.env.TEST_LOG_LEVEL ?? 'fatal', bodyLimit: env.WEBHOOK_BODY_LIMIT },
  );
  await app.init();
  await app.listen(0, '127.0.0.1');
  baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  db = app.get(DataSource);
  recorder = await new TopicRecorder().record([Topics.NormalizedTrackingEvents]);
});

afterAll(async () => {
  await recorder?.close();
  await app?.close();
  await dropDatabase?.();
});

const number = () => `RB${randomBytes(5).toString('hex').toUpperCase()}GB`;

function standardEvents(trackingNumber: string, n: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  const t0 = Date.parse('2026-11-20T00:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    trackingNumber,
    eventId: `${trackingNumber}-${i}`,
    status: 'IN_TRANSIT',
    substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY',
    rawCode: 'ARR',
    description: `Arrived at facility ${i}`,
    occurredAt: new Date(t0 + i * 60_000).toISOString().replace('Z', '+00:00'),
    location: { city: 'Leipzig', countryCode: 'DE' },
    ...extra(i),
  }));
}

async function postStandard(body: unknown, opts: { id?: string; secret?: string; timestamp?: number; tamper?: (raw: string) => string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const id = opts.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = signStandardWebhook(opts.secret ?? SIM_POST_SECRET, id, ts, raw);
  const res = await fetch(`${baseUrl}/webhooks/carriers/sim-post`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature },
    body: opts.tamper ? opts.tamper(raw) : raw,
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
}

const published = (trackingNumber: string) =>
  recorder.events<NormalizedTrackingEvent>(TrackingEventNormalizedEvent.type, (p) => p.trackingNumber === trackingNumber);

async function countRows(sql: string, params: unknown[]): Promise<number> {
  return Number(rowsOf<{ n: string }>(await db.query(sql, params))[0].n);
}

it('accepts 500 signed events in one request, durably, and they reach the normalised topic once', async () => {
  const n = number();
  const res = await postStandard({ events: standardEvents(n, 500) });
  expect(res).toMatchObject({ status: 202, body: { accepted: 500, duplicates: 0, unmapped: 0 } });
  const events = await waitFor(() => published(n), (l) => l.length >= 500, { what: '500 normalised events' });
  expect(new Set(events.map((e) => e.payload.eventId)).size).toBe(500);
  expect(events[0].payload).toMatchObject({ carrierCode: 'sim-post', status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY', source: 'CARRIER', rawCode: 'ARR' });
  expect(recorder.messages.find((m) => m.value.includes(n))?.key).toBe(`sim-post:${n}`);
  expect(await countRows(`SELECT count(*) AS n FROM carrier_sync.carrier_events WHERE event_id LIKE $1`, [`${n}-%`])).toBe(500);
});

it('ignores a repeated webhook-id and a re-sent event (202, nothing published twice)', async () => {
  const n = number();
  const body = { events: standardEvents(n, 3) };
  expect((await postStandard(body, { id: 'msg_repeat_' + n })).body).toMatchObject({ accepted: 3 });
  expect(await postStandard(body, { id: 'msg_repeat_' + n })).toMatchObject({ status: 202, body: { accepted: 0, duplicates: 3 } });
  expect((await postStandard(body)).body).toMatchObject({ accepted: 0, duplicates: 3 }); // new delivery id, same carrier event ids
  await waitFor(() => published(n), (l) => l.length >= 3);
  await new Promise((r) => setTimeout(r, 1500));
  expect(published(n)).toHaveLength(3);
});

it('an unmapped code becomes an UNKNOWN event, counted for ops', async () => {
  const n = number();
  const res = await postStandard({ events: standardEvents(n, 2, (i) => (i === 1 ? { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.TELEPORTED', rawCode: 'ZZ9' } : {})) });
  expect(res.body).toMatchObject({ accepted: 2, unmapped: 1 });
  const events = await waitFor(() => published(n), (l) => l.length >= 2);
  expect(events.find((e) => e.payload.rawCode === 'ZZ9')?.payload).toMatchObject({ status: 'UNKNOWN', rawCode: 'ZZ9' });
  expect(await countRows(`SELECT occurrences AS n FROM carrier_sync.unmapped_codes WHERE carrier_code = 'sim-post' AND raw_code = 'ZZ9'`, [])).toBeGreaterThanOrEqual(1);
});

it('counts what it received on /metrics: payloads by outcome, unmapped codes by carrier and code, normalised events', async () => {
  const scrape = async () => {
    const text = await scrapeMetrics(baseUrl);
    return {
      accepted: metricValue(text, 'carrier_inbound_payloads_total', { carrier: 'sim-post', channel: 'WEBHOOK', outcome: 'ACCEPTED' }),
      duplicate: metricValue(text, 'carrier_inbound_payloads_total', { carrier: 'sim-post', channel: 'WEBHOOK', outcome: 'DUPLICATE' }),
      rejected: metricValue(text, 'carrier_inbound_payloads_total', { carrier: 'sim-post', channel: 'WEBHOOK', outcome: 'REJECTED' }),
      unmapped: metricValue(text, 'carrier_unmapped_codes_total', { carrier: 'sim-post', code: 'QQ7' }),
      normalized: metricValue(text, 'carrier_normalized_events_total', { carrier: 'sim-post' }),
    };
  };
  const before = await scrape();
  const n = number();
  const body = { events: standardEvents(n, 3, (i) => (i === 2 ? { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.TELEPORTED', rawCode: 'QQ7' } : {})) };
  expect((await postStandard(body, { id: `msg_metrics_${n}` })).status).toBe(202);
  expect((await postStandard(body, { id: `msg_metrics_${n}` })).status).toBe(202); // the same delivery again
  expect((await postStandard({ events: standardEvents(number(), 1) }, { secret: 'not-the-secret' })).status).toBe(401);
  const after = await scrape();
  expect({
    accepted: after.accepted - before.accepted,
    duplicate: after.duplicate - before.duplicate,
    rejected: after.rejected - before.rejected,
    unmapped: after.unmapped - before.unmapped,
    normalized: after.normalized - before.normalized,
  }).toEqual({ accepted: 1, duplicate: 1, rejected: 1, unmapped: 1, normalized: 3 });
});

describe('refusals change no state', () => {
  async function stateOf(n: string) {
    return {
      events: await countRows(`SELECT count(*) AS n FROM carrier_sync.carrier_events WHERE event_id LIKE $1`, [`${n}-%`]),
      published: published(n).length,
    };
  }

  it.each([
    ['a wrong secret', 401, { secret: 'not-the-secret' }],
    ['one changed byte', 401, { tamper: (raw: string) => raw.replace('Arrived', 'Arrivex') }],
    ['a stale timestamp', 401, { timestamp: Math.floor(Date.now() / 1000) - 3600 }],
    ['a future timestamp', 401, { timestamp: Math.floor(Date.now() / 1000) + 3600 }],
  ] as const)('%s → a %d problem', async (_what, status, opts) => {
    const n = number();
    const res = await postStandard({ events: standardEvents(n, 2) }, opts);
    expect(res.status).toBe(status);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status, title: 'Invalid webhook signature' });
    expect(await stateOf(n)).toEqual({ events: 0, published: 0 });
  });

  it('malformed JSON → 400', async () => {
    const res = await postStandard('{"events": [ {"trackingNumber": ');
    expect(res).toMatchObject({ status: 400, body: { title: 'Malformed webhook body' } });
  });

  it('invalid fields → 400 naming each field, nothing stored', async () => {
    const n = number();
    const events = standardEvents(n, 2);
    (events[1] as Record<string, unknown>).occurredAt = 'yesterday';
    delete (events[0] as Record<string, unknown>).eventId;
    const res = await postStandard({ events });
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['events[0].eventId', 'events[1].occurredAt']));
    expect(await stateOf(n)).toEqual({ events: 0, published: 0 });
  });

  it('501 events → 413', async () => {
    const n = number();
    const res = await postStandard({ events: standardEvents(n, 501) });
    expect(res.status).toBe(413);
    expect(await stateOf(n)).toEqual({ events: 0, published: 0 });
  });

  it('an unknown carrier → 404; a signature of another style does not pass', async () => {
    const res = await fetch(`${baseUrl}/webhooks/carriers/no-such-carrier`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    const raw = JSON.stringify({ event: 'tracking_update', event_id: 'x', msg: { tracking_number: 'ST1', checkpoints: [] } });
    const wrong = await fetch(`${baseUrl}/webhooks/carriers/sim-track`, { method: 'POST', headers: { 'aftership-hmac-sha256': signAftership('sim-post-secret', raw) }, body: raw });
    expect(wrong.status).toBe(401);
  });

  it('every refusal is archived as REJECTED for ops, with its reason', async () => {
    const rejected = await countRows(`SELECT count(*) AS n FROM carrier_sync.raw_payloads WHERE outcome = 'REJECTED'`, []);
    expect(rejected).toBeGreaterThanOrEqual(7);
  });
});
