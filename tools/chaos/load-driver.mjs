/**
 * The chaos run's users, through the public API: sellers bind `sim-post`, buyers place one-item orders and the
 * sellers ship each with a waybill of their own (SELLER model), spread over `seconds`. Every request carries
 * an idempotency key and is retried through faults (network errors, 5xx, 429; 404 while shipment-service has
 * not yet learned of the order), so the faults cost time, not shipments.
 */
import { s10 } from '../dev/seed-demo.mjs';
import { devToken } from '../dev/token.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function createLoad({ gatewayUrl, shipments, seconds, seed, sellers = 20, buyers = 200, concurrency = 16 }) {
  const tokens = new Map();
  const token = async (role, sub, sellerId) => {
    if (!tokens.has(sub)) tokens.set(sub, await devToken({ role, sub, sellerId, ttlSeconds: 6 * 3600 }));
    return tokens.get(sub);
  };
  const driver = { retries: 0 };

  /** One request, retried until it gets an answer other than a fault's (or `done` says so). */
  const call = async (bearer, method, path, body, key, { retryOn = () => false, giveUpAfterMs = 600_000 } = {}) => {
    const deadline = Date.now() + giveUpAfterMs;
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        const r = await fetch(`${gatewayUrl}${path}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...(key ? { 'idempotency-key': key } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await r.text();
        res = { status: r.status, body: text ? JSON.parse(text) : {} };
      } catch (e) {
        res = { status: 0, body: { error: e.message } };
      }
      const fault = res.status === 0 || res.status >= 500 || res.status === 429 || retryOn(res);
      if (!fault) return res;
      if (Date.now() > deadline) throw new Error(`${method} ${path}: still ${res.status} ${JSON.stringify(res.body).slice(0, 300)} after ${giveUpAfterMs} ms`);
      driver.retries += 1;
      await sleep(Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)));
    }
  };

  driver.get = (sub, path) => call(tokens.get(sub), 'GET', path);

  driver.run = async () => {
    for (let s = 0; s < sellers; s++) {
      const bearer = await token('seller', `user-chaos-seller-${s}`, `chaos-seller-${s}`);
      const r = await call(bearer, 'PUT', '/v1/sellers/me/logistics-partners/sim-post', { accountNumber: `SIM-${String(700_000 + s)}` });
      if (r.status !== 200) throw new Error(`bind sim-post for seller ${s}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    for (let b = 0; b < buyers; b++) await token('buyer', `chaos-buyer-${b}`);
    const placed = [];
    const started = Date.now();
    const intervalMs = (seconds * 1000) / shipments;
    const serialBase = 10_000_000 + (Math.abs([...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7)) % 50_000_000);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < shipments; i = next++) {
        const wait = started + i * intervalMs - Date.now();
        if (wait > 0) await sleep(wait);
        const seller = i % sellers;
        const buyer = `chaos-buyer-${i % buyers}`;
        const order = await call(tokens.get(buyer), 'POST', '/v1/orders', {
          sellerId: `chaos-seller-${seller}`,
          items: [{ sku: `SKU-${i % 97}`, name: 'Chaos teapot', quantity: 1, unitPrice: { amount: '20.00', currency: 'EUR' } }],
          shippingAddress: { name: 'Chaos Buyer', line1: '1 Fault Street', city: 'London', postalCode: 'SW1A 1AA', countryCode: 'GB' },
          shipFromCountryCode: 'CN',
        }, `chaos-${seed}-order-${i}`);
        if (order.status !== 201 && order.status !== 200) throw new Error(`order ${i}: ${order.status} ${JSON.stringify(order.body)}`);
        const orderNumber = order.body.orderNumber;
        const waybill = s10(serialBase + i);
        const shipped = await call(
          await token('seller', `user-chaos-seller-${seller}`, `chaos-seller-${seller}`),
          'POST',
          `/v1/orders/${orderNumber}/shipments`,
          { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill },
          `chaos-${seed}-ship-${i}`,
          { retryOn: (r) => r.status === 404 }, // shipment-service has not learned of the order yet
        );
        if (shipped.status !== 201 && shipped.status !== 200) throw new Error(`ship ${orderNumber}: ${shipped.status} ${JSON.stringify(shipped.body)}`);
        placed.push({ orderNumber, waybill, buyer, shipmentId: shipped.body.shipmentId });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return placed;
  };
  return driver;
}
