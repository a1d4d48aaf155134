import { signAftership } from './aftership/aftership.signature';
import type { InboundDelivery, PushConnector } from './connector';
import { pushConnectorOf } from './connector-registry';
import { signSeventeentrack } from './seventeentrack/seventeentrack.signature';
import { signStandardWebhook } from './standard-webhook/standard-webhook.signature';

/** Signature checks of every push style over the raw bytes: good, wrong secret, one changed byte, replay window, rotation. */
const NOW = new Date('2026-11-30T12:00:00.000Z');
const NOW_SEC = Math.floor(NOW.getTime() / 1000);
const SECRET = Buffer.from('current-secret');
const OLD_SECRET = Buffer.from('previous-secret');
const TOLERANCE = 300;

function connector(carrier: string): PushConnector {
  const c = pushConnectorOf(carrier);
  if (!c) throw new Error(carrier);
  return c;
}

function delivery(headers: Record<string, string>, rawBody: Buffer | string, receivedAt = NOW): InboundDelivery {
  return { headers, rawBody: Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody), receivedAt };
}

/** the same bytes with one byte changed (a digit of the tracking number) */
function flipOneByte(body: string): Buffer {
  const bytes = Buffer.from(body);
  const i = body.indexOf('5');
  bytes[i] = '6'.charCodeAt(0);
  return bytes;
}

describe('standard webhook signing (sim-post)', () => {
  const c = connector('sim-post');
  const body = JSON.stringify({ events: [{ trackingNumber: 'RB123456785GB', eventId: 'e1' }] });
  const signed = (secret: Buffer, id = 'msg_1', ts = NOW_SEC, raw: Buffer | string = body) => ({
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': signStandardWebhook(secret, id, ts, raw),
  });

  it('accepts a good signature and gives the webhook-id as the delivery id', () => {
    expect(c.verify(delivery(signed(SECRET), body), [SECRET], TOLERANCE)).toEqual({ ok: true, deliveryId: 'msg_1' });
  });
  it('refuses a wrong secret', () => {
    expect(c.verify(delivery(signed(Buffer.from('wrong')), body), [SECRET], TOLERANCE).ok).toBe(false);
  });
  it('refuses one changed byte of the body', () => {
    expect(c.verify(delivery(signed(SECRET), flipOneByte(body)), [SECRET], TOLERANCE)).toEqual({ ok: false, reason: 'no webhook-signature matches' });
  });
  it('refuses a signature over another id (the id is signed)', () => {
    const headers = { ...signed(SECRET), 'webhook-id': 'msg_2' };
    expect(c.verify(delivery(headers, body), [SECRET], TOLERANCE).ok).toBe(false);
  });
  it('refuses stale and future timestamps, accepts the edge of the window', () => {
    expect(c.verify(delivery(signed(SECRET, 'a', NOW_SEC - TOLERANCE - 1), body), [SECRET], TOLERANCE)).toMatchObject({ ok: false, reason: expect.stringContaining('too old') });
    expect(c.verify(delivery(signed(SECRET, 'b', NOW_SEC + TOLERANCE + 1), body), [SECRET], TOLERANCE)).toMatchObject({ ok: false, reason: expect.stringContaining('future') });
    expect(c.verify(delivery(signed(SECRET, 'c', NOW_SEC - TOLERANCE), body), [SECRET], TOLERANCE).ok).toBe(true);
  });
  it('refuses missing headers and a non-numeric timestamp', () => {
    expect(c.verify(delivery({}, body), [SECRET], TOLERANCE).ok).toBe(false);
    expect(c.verify(delivery({ ...signed(SECRET), 'webhook-timestamp': '2026-11-30T12:00:00Z' }, body), [SECRET], TOLERANCE).ok).toBe(false);
  });
  it('secret rotation: several signatures in the header, several secrets on our side', () => {
    const both = `${signStandardWebhook(OLD_SECRET, 'r', NOW_SEC, body)} ${signStandardWebhook(SECRET, 'r', NOW_SEC, body)}`;
    const headers = { 'webhook-id': 'r', 'webhook-timestamp': String(NOW_SEC), 'webhook-signature': both };
    expect(c.verify(delivery(headers, body), [SECRET], TOLERANCE).ok).toBe(true); // we already rotated
    expect(c.verify(delivery(signed(OLD_SECRET, 'r'), body), [SECRET, OLD_SECRET], TOLERANCE).ok).toBe(true); // the carrier has not yet
    expect(c.verify(delivery(signed(OLD_SECRET, 'r'), body), [SECRET], TOLERANCE).ok).toBe(false); // old secret retired
  });
});

describe('aftership-hmac-sha256 (sim-track)', () => {
  const c = connector('sim-track');
  const body = JSON.stringify({ event: 'tracking_update', event_id: 'evt-5', ts: NOW_SEC, msg: { tracking_number: 'ST1234567895' } });

  it('accepts base64 HMAC-SHA256 of the raw body; the event_id is the delivery id', () => {
    expect(c.verify(delivery({ 'aftership-hmac-sha256': signAftership(SECRET, body) }, body), [SECRET], TOLERANCE)).toEqual({ ok: true, deliveryId: 'evt-5' });
  });
  it('refuses a wrong secret, one changed byte, a missing header', () => {
    expect(c.verify(delivery({ 'aftership-hmac-sha256': signAftership('wrong', body) }, body), [SECRET], TOLERANCE).ok).toBe(false);
    expect(c.verify(delivery({ 'aftership-hmac-sha256': signAftership(SECRET, body) }, flipOneByte(body)), [SECRET], TOLERANCE).ok).toBe(false);
    expect(c.verify(delivery({}, body), [SECRET], TOLERANCE).ok).toBe(false);
  });
  it('holds a signed ts to the replay window', () => {
    const stale = JSON.stringify({ event: 'tracking_update', event_id: 'evt-6', ts: NOW_SEC - 3600, msg: {} });
    expect(c.verify(delivery({ 'aftership-hmac-sha256': signAftership(SECRET, stale) }, stale), [SECRET], TOLERANCE)).toMatchObject({ ok: false });
  });
  it('rotation: either of two configured secrets', () => {
    expect(c.verify(delivery({ 'aftership-hmac-sha256': signAftership(OLD_SECRET, body) }, body), [SECRET, OLD_SECRET], TOLERANCE).ok).toBe(true);
  });
});

describe('17TRACK sign (sim-seventeen)', () => {
  const c = connector('sim-seventeen');
  const body = JSON.stringify({ event: 'TRACKING_UPDATED', data: { number: 'SV00012345CN' } });

  it('accepts hex SHA-256 of body + "/" + key; the body hash is the delivery id', () => {
    const r = c.verify(delivery({ sign: signSeventeentrack(SECRET, body) }, body), [SECRET], TOLERANCE);
    expect(r).toMatchObject({ ok: true, deliveryId: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
  it('refuses a wrong key, one changed byte, a malformed or missing sign', () => {
    expect(c.verify(delivery({ sign: signSeventeentrack('wrong', body) }, body), [SECRET], TOLERANCE).ok).toBe(false);
    expect(c.verify(delivery({ sign: signSeventeentrack(SECRET, body) }, flipOneByte(body)), [SECRET], TOLERANCE).ok).toBe(false);
    expect(c.verify(delivery({ sign: 'not-hex' }, body), [SECRET], TOLERANCE).ok).toBe(false);
    expect(c.verify(delivery({}, body), [SECRET], TOLERANCE).ok).toBe(false);
  });
  it('rotation: either of two configured keys', () => {
    expect(c.verify(delivery({ sign: signSeventeentrack(OLD_SECRET, body) }, body), [SECRET, OLD_SECRET], TOLERANCE).ok).toBe(true);
  });
});
