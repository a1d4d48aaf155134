import { composeS10 } from '@parcelstream/carriers';
import { waitFor } from '@parcelstream/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PlatformUnderTest } from './support/platform';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The buyer's tracking page at /track in a real headless Chromium (Debian's, driven by playwright-core), in
 * front of the built gateway and services: search by waybill, see the timeline, see a new scan appear live
 * (Server-Sent Events) without reloading; search by order number when signed in; fits a phone-sized screen.
 */
describe('the tracking page in headless Chromium (built platform, real Kafka and Postgres)', () => {
  let platform: PlatformUnderTest;
  let browser: Browser;
  let page: Page;
  const run = randomUUID().slice(0, 8);
  let seller: string;
  let buyer: string;
  let orderNumber: string;
  let shipmentId: string;
  const waybill = composeS10('RR', String(randomInt(10_000_000, 99_999_999)), 'CN');
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    platform = await PlatformUnderTest.start({
      basePort: 13530,
      env: { 'carrier-sync-service': { BACKGROUND_WORKERS: 'off', CARRIER_API_BASE_URL: 'http://127.0.0.1:9' } },
    });
    seller = await platform.token('seller', `user-seller-${run}`, `seller-${run}`);
    buyer = await platform.token('buyer', `buyer-${run}`);
    expect((await platform.call('PUT', '/v1/sellers/me/logistics-partners/sim-post', { bearer: seller, body: { accountNumber: `SIM-${randomInt(100_000, 999_999)}` } })).status).toBe(200);
    const placed = await platform.call('POST', '/v1/orders', {
      bearer: buyer,
      body: {
        sellerId: `seller-${run}`,
        items: [{ sku: 'LAMP', name: 'Desk lamp', quantity: 1, unitPrice: { amount: '39.00', currency: 'EUR' } }],
        shippingAddress: { name: 'Ada Lovelace', line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4LE', countryCode: 'GB' },
        shipFromCountryCode: 'CN',
      },
    });
    expect(placed.status).toBe(201);
    orderNumber = placed.body.orderNumber;
    const shipped = await waitFor(
      () => platform.call('POST', `/v1/orders/${orderNumber}/shipments`, { bearer: seller, body: { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: waybill } }),
      (r) => r.status !== 404,
      { what: 'shipment-service knows the order', timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(shipped.status).toBe(201);
    shipmentId = shipped.body.shipmentId;
    await scan('IN_TRANSIT', 'IN_TRANSIT.PICKED_UP', 'Picked up by the courier', hoursAgo(30), 'Shenzhen', 'CN');
    await waitFor(() => platform.call('GET', `/v1/tracking/${waybill}`), (r) => r.status === 200 && r.body.events?.length === 1, { what: 'the first scan tracked', timeoutMs: 60_000 });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  async function scan(status: string, substatus: string, description: string, occurredAt: string, city: string, countryCode: string) {
    const r = await platform.call('POST', `/v1/shipments/${shipmentId}/events`, { bearer: seller, body: { status, substatus, description, occurredAt, location: { city, countryCode } } });
    expect(r.status).toBe(202);
  }

  it('finds a parcel by its waybill and shows its timeline, then a new scan appears live', async () => {
    await page.goto(`${platform.gateway.baseUrl}/track/`);
    await page.getByLabel('Order number or tracking number').fill(waybill.toLowerCase()); // what people type
    await page.getByRole('button', { name: 'Track' }).click();
    await page.locator('.shipment .timeline li').first().waitFor();
    expect(await page.locator('.tracking-number').textContent()).toBe(waybill);
    expect(await page.locator('.status-badge').textContent()).toBe('In transit');
    expect(await page.locator('.timeline li .what').allTextContents()).toEqual(['Picked up by the courier']);
    expect(await page.locator('.timeline li .where').first().textContent()).toContain('Shenzhen, CN');
    expect(await page.locator('#status-line').textContent()).toContain('Found your parcel');
    // phone-sized: nothing wider than the screen
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    // the carrier scans again: the page follows over SSE, no reload
    await scan('OUT_FOR_DELIVERY', 'OUT_FOR_DELIVERY.WITH_COURIER', 'Out for delivery', hoursAgo(1), 'London', 'GB');
    await page.locator('.timeline li').nth(1).waitFor({ timeout: 60_000 });
    expect(await page.locator('.timeline li .what').allTextContents()).toEqual(['Out for delivery', 'Picked up by the courier']);
    expect(await page.locator('.status-badge').textContent()).toBe('Out for delivery');
    expect(await page.locator('.substatus').textContent()).toBe('· With courier');
    expect(await page.locator('.timeline li.new').count()).toBe(1);
    expect(await page.locator('#status-line').textContent()).toBe('Updated live.');
  }, 120_000);

  it('asks to sign in for an order number, and finds the order once signed in', async () => {
    await page.goto(`${platform.gateway.baseUrl}/track/?q=${orderNumber}`);
    await page.locator('#status-line').filter({ hasText: 'Please sign in to look up an order number.' }).waitFor();
    await page.locator('details.signin summary').click();
    await page.getByLabel('Access token (kept in this browser only)').fill(buyer);
    await page.getByLabel('Access token (kept in this browser only)').dispatchEvent('change');
    await page.getByRole('button', { name: 'Track' }).click();
    await page.locator('.shipment .tracking-number').filter({ hasText: waybill }).waitFor();
    expect(await page.locator('.timeline li').count()).toBe(2);
  }, 60_000);

  it("tells a buyer plainly when a number is not known", async () => {
    await page.goto(`${platform.gateway.baseUrl}/track/`);
    await page.getByLabel('Order number or tracking number').fill('RR000000000CN');
    await page.getByRole('button', { name: 'Track' }).click();
    await page.locator('#status-line.error').filter({ hasText: 'We could not find that number.' }).waitFor();
    expect(await page.locator('.shipment').count()).toBe(0);
  }, 60_000);
});
