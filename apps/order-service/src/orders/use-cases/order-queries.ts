import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import { ORDER_NUMBER_PATTERN } from '@parcelstream/contracts';
import { DataSource } from 'typeorm';
import type { OrderSummaryView, OrderView } from '../dto/order.view';
import { ownerFilterOf } from '../order-ownership';
import { OrdersRepository, type OrderCursor } from '../orders.repository';

/** Reads for the caller: another user's order is simply not found (404, never 403). */
@Injectable()
export class OrderQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
  ) {}

  async get(caller: Caller, orderNumber: string): Promise<OrderView> {
    const owner = ownerFilterOf(caller);
    const view = ORDER_NUMBER_PATTERN.test(orderNumber) ? await this.orders.findView(this.dataSource, orderNumber, owner) : undefined;
    if (!view) throw new NotFoundException({ detail: `No order ${orderNumber}.` });
    return view;
  }

  async list(caller: Caller, limit: number, cursor?: string): Promise<{ items: OrderSummaryView[]; nextCursor: string | null }> {
    const owner = ownerFilterOf(caller);
    const page = await this.orders.list(this.dataSource, owner, limit + 1, cursor ? decodeCursor(cursor) : undefined);
    const items = page.slice(0, limit);
    const nextCursor = page.length > limit ? encodeCursor(items[items.length - 1].cursor) : null;
    return { items: items.map((i) => i.view), nextCursor };
  }
}

function encodeCursor(c: OrderCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');
}

function decodeCursor(raw: string): OrderCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
      return { createdAt, id };
    }
  } catch {
    /* fall through */
  }
  throw new BadRequestException({ detail: 'The cursor is not one this API gave out.', errors: [{ field: 'cursor', message: 'invalid cursor' }] });
}
