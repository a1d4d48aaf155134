import { randomInt, randomUUID } from 'node:crypto';
import { composeS10 } from '@parcelstream/carriers';
import { OrderCreatedEvent, type OrderCreated } from '@parcelstream/contracts';
import type { KafkaPort } from '@parcelstream/messaging';
import { waitFor } from '@parcelstream/testing';
import type { DataSource } from 'typeorm';
import { cloudEvent } from './cloud-events';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const block = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export const randomOrderNumber = () => `PS-${block()}-${block()}-${block()}`;
export const randomSellerId = () => `seller-${randomUUID().slice(0, 8)}`;
export const randomBuyerId = () => `buyer-${randomUUID().slice(0, 8)}`;

/** A valid UPU S10 number (sim-post takes any country), different on every call. */
export const s10Waybill = (country = 'CN') => composeS10('RB', String(randomInt(100_000_000)).padStart(8, '0'), country);

export function orderCreated(sellerId: string, items: Record<string, number>, buyerId = randomBuyerId()): OrderCreated {
  return {
    orderId: randomUUID(),
    orderNumber: randomOrderNumber(),
    buyerId,
    sellerId,
    items: Object.entries(items).map(([sku, quantity]) => ({ sku, quantity })),
    shipFromCountryCode: 'CN',
    shipToCountryCode: 'DE',
    shipToCity: 'Berlin',
    createdAt: new Date().toISOString(),
  };
}

export async function waitForKnownOrder(db: DataSource, orderId: string): Promise<void> {
  await waitFor(
    async () => (await db.query(`SELECT seller_id FROM shipments.known_orders WHERE order_id = $1`, [orderId])) as { seller_id: string | null }[],
    (rows) => rows[0]?.seller_id != null,
    { what: `order ${orderId} to be known`, timeoutMs: 30_000 },
  );
}

/** Publishes `order.created` as order-service would and waits until the service knows the order. */
export async function placeOrder(kafka: KafkaPort, db: DataSource, order: OrderCreated, eventId?: string): Promise<OrderCreated> {
  await kafka.publish([cloudEvent(OrderCreatedEvent, order.orderId, order, eventId)]);
  await waitForKnownOrder(db, order.orderId);
  return order;
}
