/**
 * Demo data for the local platform, made the way users make it — through the public API: two sellers bind
 * simulated carriers, two buyers order, the sellers ship (both fulfilment models, one order in two packages,
 * one left to ship). Safe to run again: every write carries an Idempotency-Key, and a package already
 * shipped on an earlier run is taken as done.
 */
import { devToken } from './token.mjs';

const SELLERS = {
  'demo-seller-1': { 'sim-post': 'SIM-000101', 'sim-track': 'SIM-000102', 'sim-poll': 'SIM-000103' },
  'demo-seller-2': { 'sim-seventeen': 'SIM-000201', 'sim-post': 'SIM-000202' },
};

const ADDRESSES = {
  'demo-buyer': { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4LE', countryCode: 'GB' },
  'demo-buyer-2': { name: 'Lise Meitner', line1: 'Kaiser-Wilhelm-Platz 1', city: 'Berlin', postalCode: '10117', countryCode: 'DE' },
};

const line = (sku, name, quantity, amount) => ({ sku, name, quantity, unitPrice: { amount, currency: 'EUR' } });

/** Orders and how each is shipped (packages: carrier, model, items; none: left to ship). */
const ORDERS = [
  { key: 'lamp', buyer: 'demo-buyer', seller: 'demo-seller-1', items: [line('LAMP', 'Desk lamp', 1, '39.00')], packages: [{ carrier: 'sim-post', model: 'SELLER' }] },
  { key: 'tea', buyer: 'demo-buyer', seller: 'demo-seller-1', items: [line('TEA', 'Oolong tea tin', 3, '7.50')], packages: [{ carrier: 'sim-track', model: 'PLATFORM' }] },
  {
    key: 'kettle',
    buyer: 'demo-buyer',
    seller: 'demo-seller-2',
    items: [line('KETTLE', 'Kettle', 1, '45.00'), line('CUPS', 'Cups (set of 4)', 1, '18.00')],
    packages: [
      { carrier: 'sim-seventeen', model: 'PLATFORM', items: [{ sku: 'KETTLE', quantity: 1 }] },
      { carrier: 'sim-post', model: 'PLATFORM', items: [{ sku: 'CUPS', quantity: 1 }] },
    ],
  },
  { key: 'scarf', buyer: 'demo-buyer-2', seller: 'demo-seller-1', items: [line('SCARF', 'Silk scarf', 2, '25.00')], packages: [{ carrier: 'sim-poll', model: 'PLATFORM' }] },
  { key: 'book', buyer: 'demo-buyer-2', seller: 'demo-seller-2', items: [line('BOOK', 'Notebook', 5, '4.00')], packages: [{ carrier: 'sim-post', model: 'SELLER' }] },
  { key: 'plant', buyer: 'demo-buyer', seller: 'demo-seller-2', items: [line('PLANT', 'Bonsai', 1, '29.00')], packages: [] },
];

/** A UPU S10 number (2 letters, 8 digits, check digit, country): the form sim-post (a postal operator) uses. */
export function s10(serial, country = 'CN') {
  const digits = String(serial).padStart(8, '0');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  const check = 11 - (sum % 11);
  return `RR${digits}${check === 10 ? 0 : check === 11 ? 5 : check}${country}`;
}

export async function seedDemo(gatewayUrl, { log = () => undefined } = {}) {
  const call = async (bearer, method, path, body, key) => {
    const res = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...(key ? { 'idempotency-key': key } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  };
  const tokens = {};
  for (const seller of Object.keys(SELLERS)) tokens[seller] = await devToken({ role: 'seller', sub: `user-${seller}`, sellerId: seller });
  for (const buyer of Object.keys(ADDRESSES)) tokens[buyer] = await devToken({ role: 'buyer', sub: buyer, ttlSeconds: 86_400 }); // a day: the printed one is for the demo

  for (const [seller, carriers] of Object.entries(SELLERS)) {
    for (const [carrier, accountNumber] of Object.entries(carriers)) {
      const r = await call(tokens[seller], 'PUT', `/v1/sellers/me/logistics-partners/${carrier}`, { accountNumber, isDefault: carrier === 'sim-post' });
      if (r.status !== 200) throw new Error(`bind ${carrier} for ${seller}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
  log(`bound ${Object.values(SELLERS).reduce((n, c) => n + Object.keys(c).length, 0)} logistics partners for 2 sellers`);

  const result = { orders: [], waybills: [] };
  let serial = 40_000_000;
  for (const order of ORDERS) {
    const placed = await call(tokens[order.buyer], 'POST', '/v1/orders', { sellerId: order.seller, items: order.items, shippingAddress: ADDRESSES[order.buyer], shipFromCountryCode: 'CN' }, `demo-order-${order.key}`);
    if (placed.status !== 201 && placed.status !== 200) throw new Error(`order ${order.key}: ${placed.status} ${JSON.stringify(placed.body)}`);
    const orderNumber = placed.body.orderNumber;
    result.orders.push({ buyer: order.buyer, orderNumber });
    for (const [i, pkg] of order.packages.entries()) {
      serial += 1;
      const body = {
        fulfillmentModel: pkg.model,
        carrierCode: pkg.carrier,
        ...(pkg.model === 'SELLER' ? { trackingNumber: s10(serial) } : {}),
        ...(pkg.items ? { items: pkg.items } : {}),
      };
      // shipment-service learns the order from order.created (Kafka): until then it answers 404
      let shipped;
      for (let attempt = 0; attempt < 120; attempt++) {
        shipped = await call(tokens[order.seller], 'POST', `/v1/orders/${orderNumber}/shipments`, body, `demo-ship-${orderNumber}-${i}`);
        if (shipped.status !== 404) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      if (shipped.status === 409) continue; // shipped on an earlier run
      if (shipped.status !== 201 && shipped.status !== 200) throw new Error(`ship ${order.key}: ${shipped.status} ${JSON.stringify(shipped.body)}`);
      if (shipped.body.trackingNumber) result.waybills.push(shipped.body.trackingNumber);
    }
  }
  log(`${result.orders.length} orders, ${ORDERS.reduce((n, o) => n + o.packages.length, 0)} packages shipped (PLATFORM waybills arrive from the carriers)`);
  return { ...result, buyerToken: tokens['demo-buyer'] };
}
