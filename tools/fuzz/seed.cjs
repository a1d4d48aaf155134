'use strict';
/**
 * A little real data before the fuzzing, made through the gateway like a client would, for two sides that
 * must never see each other's: for A and for B, a seller with two bound carriers, a buyer with a shipped
 * order (one SELLER-model shipment with a seller update) and an open one. Returns what the checks need to
 * recognise each side's data (order numbers and ids, shipment id, waybill, name, street, subjects,
 * account numbers).
 */
const { randomInt } = require('node:crypto');
const { Client } = require('pg');
const { send } = require('./http-client.cjs');
const { s10 } = require('./request-plans.cjs');

async function waitFor(what, fn, ok, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`seed: ${what} not reached after ${timeoutMs} ms (last answer ${last.status ?? last.error}: ${String(last.body ?? '').slice(0, 200)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function jsonOf(answer) {
  try {
    return JSON.parse(answer.body);
  } catch {
    return undefined;
  }
}

/**
 * @param {{ gatewayUrl: string, adminDatabaseUrl: string, callers: { identities: object, headers: Record<string, string> }, run: string }} o
 */
async function seed({ gatewayUrl, adminDatabaseUrl, callers, run, traceparent }) {
  const call = async (callerName, method, path, body, headers = {}) => {
    const bytes = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const h = { ...headers, traceparent: traceparent() };
    if (callers.headers[callerName]) h.authorization = callers.headers[callerName];
    if (bytes) h['content-type'] = 'application/json';
    return send(gatewayUrl, { method, path, headers: h, body: bytes });
  };
  const expectStatus = (answer, status, what) => {
    if (answer.status !== status) throw new Error(`seed: ${what} answered ${answer.status ?? answer.error}: ${String(answer.body ?? '').slice(0, 300)}`);
    return jsonOf(answer);
  };
  const people = {
    A: { name: `Ada Lovelace ${run}`, street: `12 St James Square ${run}`, extra: { code: 'ups', accountNumber: `U${run.slice(0, 5).toUpperCase().replace(/[^0-9A-Z]/g, '7')}` } },
    B: { name: `Alan Turing ${run}`, street: `78 High Street ${run}`, extra: { code: 'fedex', accountNumber: String(randomInt(100_000_000, 999_999_999)) } },
  };
  const sides = {};
  for (const side of ['A', 'B']) {
    const buyer = `buyer${side}`;
    const seller = `seller${side}`;
    const { sellerId } = callers.identities[seller];
    const accountNumbers = [`SIM-${randomInt(200_000, 999_999)}`, people[side].extra.accountNumber];
    for (const [code, accountNumber] of [['sim-post', accountNumbers[0]], [people[side].extra.code, accountNumbers[1]]]) {
      expectStatus(await call(seller, 'PUT', `/v1/sellers/me/logistics-partners/${code}`, { accountNumber }), 200, `${seller} binds ${code}`);
    }
    const orderNumbers = [];
    for (const [i, sku] of ['TEA', 'MUG'].entries()) {
      const placed = expectStatus(
        await call(
          buyer,
          'POST',
          '/v1/orders',
          {
            sellerId,
            items: [{ sku, name: `${sku} item`, quantity: 2, unitPrice: { amount: '7.50', currency: 'EUR' } }],
            shippingAddress: { name: people[side].name, line1: people[side].street, city: 'London', postalCode: 'SW1Y 4LE', countryCode: 'GB' },
            shipFromCountryCode: 'CN',
          },
          { 'idempotency-key': `seed-${side}-${i}-${run}` },
        ),
        201,
        `${buyer} places an order`,
      );
      orderNumbers.push(placed.orderNumber);
    }
    const waybill = s10(String(randomInt(10_000_000, 99_999_999)));
    // shipment-service learns the order from order.created (Kafka): until then it is not found
    const shipped = await waitFor(
      `order ${orderNumbers[0]} known to shipment-service`,
      () => call(seller, 'POST', `/v1/orders/${orderNumbers[0]}/shipments`, { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill }, { 'idempotency-key': `seed-ship-${side}-${run}` }),
      (a) => a.status !== 404,
    );
    const shipment = expectStatus(shipped, 201, `${seller} ships ${orderNumbers[0]}`);
    expectStatus(
      await call(seller, 'POST', `/v1/shipments/${shipment.shipmentId}/events`, {
        status: 'IN_TRANSIT',
        substatus: 'IN_TRANSIT.PICKED_UP',
        description: 'Handed to the courier',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        location: { city: 'Shenzhen', countryCode: 'CN' },
      }),
      202,
      `${seller} posts an update`,
    );
    sides[side] = { side, buyer, seller, sellerId, buyerSub: callers.identities[buyer].sub, orderNumbers, shipmentId: shipment.shipmentId, waybill, name: people[side].name, street: people[side].street, accountNumbers };
  }
  for (const s of Object.values(sides)) {
    await waitFor(`tracking of ${s.waybill}`, () => call(s.buyer, 'GET', `/v1/tracking/${s.waybill}`), (a) => a.status === 200 && jsonOf(a)?.events?.length > 0);
    await waitFor(`order ${s.orderNumbers[0]} with its shipment`, () => call(s.buyer, 'GET', `/v1/orders/${s.orderNumbers[0]}`), (a) => jsonOf(a)?.shipments?.length === 1);
  }
  const admin = new Client({ connectionString: adminDatabaseUrl });
  await admin.connect();
  try {
    for (const s of Object.values(sides)) {
      const { rows } = await admin.query('SELECT id::text FROM orders.orders WHERE order_number = ANY($1) ORDER BY order_number', [s.orderNumbers]);
      s.orderIds = rows.map((r) => r.id);
    }
  } finally {
    await admin.end();
  }
  return sides;
}

module.exports = { seed, jsonOf, waitFor };
