import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { OrderCreatedEvent } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter, rowsOf } from '@parcelstream/messaging';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CreateOrderDto } from '@parcelstream/contracts';
import type { OrderView } from '../dto/order.view';
import { fromCents, toCents } from '../money';
import { newOrderNumber } from '../order-number';
import { OrdersRepository } from '../orders.repository';

export interface PlaceOrderCommand {
  buyerId: string;
  idempotencyKey?: string;
  order: CreateOrderDto;
}

/**
 * Places an order and announces `order.created` (no name, street or phone on the event). With an
 * Idempotency-Key, a retry of the same request returns the same order; the same key with another body is
 * a 409.
 */
@Injectable()
export class PlaceOrderUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: PlaceOrderCommand): Promise<{ replayed: boolean; order: OrderView }> {
    const { order, buyerId } = cmd;
    const currencies = new Set(order.items.map((i) => i.unitPrice.currency));
    if (currencies.size > 1) {
      throw new BadRequestException({ detail: 'All items of an order are priced in one currency.', errors: [{ field: 'items', message: 'mixed currencies' }] });
    }
    const skus = order.items.map((i) => i.sku);
    if (new Set(skus).size !== skus.length) {
      throw new BadRequestException({ detail: 'Each sku appears once; use its quantity.', errors: [{ field: 'items', message: 'duplicate sku' }] });
    }
    const total = fromCents(order.items.reduce((sum, i) => sum + toCents(i.unitPrice.amount) * BigInt(i.quantity), 0n));
    const requestHash = createHash('sha256').update(JSON.stringify(order)).digest('hex');

    const result = await this.dataSource.transaction(async (tx) => {
      if (cmd.idempotencyKey) {
        const claimed = rowsOf(
          await tx.query(
            `INSERT INTO orders.idempotency_keys (buyer_id, idempotency_key, request_hash) VALUES ($1, $2, $3)
             ON CONFLICT (buyer_id, idempotency_key) DO NOTHING RETURNING 1`,
            [buyerId, cmd.idempotencyKey, requestHash],
          ),
        );
        if (claimed.length === 0) {
          const [earlier] = rowsOf<{ request_hash: string; order_number: string | null }>(
            await tx.query(
              `SELECT k.request_hash, o.order_number FROM orders.idempotency_keys k LEFT JOIN orders.orders o ON o.id = k.order_id
                WHERE k.buyer_id = $1 AND k.idempotency_key = $2`,
              [buyerId, cmd.idempotencyKey],
            ),
          );
          if (earlier.request_hash !== requestHash) {
            throw new ConflictException({ title: 'Idempotency-Key reused', detail: 'This Idempotency-Key was used for a different request.' });
          }
          return { replayed: true, orderNumber: earlier.order_number as string };
        }
      }
      const id = randomUUID();
      let orderNumber = newOrderNumber();
      const lines = order.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, unitPrice: i.unitPrice.amount }));
      const base = { id, buyerId, sellerId: order.sellerId, currency: [...currencies][0], totalAmount: total, address: order.shippingAddress, shipFromCountryCode: order.shipFromCountryCode, items: lines };
      while (!(await this.orders.insert(tx, { ...base, orderNumber }))) orderNumber = newOrderNumber();
      if (cmd.idempotencyKey) {
        await tx.query(`UPDATE orders.idempotency_keys SET order_id = $3 WHERE buyer_id = $1 AND idempotency_key = $2`, [buyerId, cmd.idempotencyKey, id]);
      }
      await this.outbox.append(tx, [
        {
          contract: OrderCreatedEvent,
          key: id,
          payload: {
            orderId: id,
            orderNumber,
            buyerId,
            sellerId: order.sellerId,
            items: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
            shipFromCountryCode: order.shipFromCountryCode,
            shipToCountryCode: order.shippingAddress.countryCode,
            shipToCity: order.shippingAddress.city,
            createdAt: new Date().toISOString(),
          },
        },
      ]);
      return { replayed: false, orderNumber };
    });
    if (!result.replayed) this.relay.wake();
    const view = await this.orders.findView(this.dataSource, result.orderNumber, { buyerId, sellerId: null });
    return { replayed: result.replayed, order: view as OrderView };
  }
}
