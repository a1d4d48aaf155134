import { ArrayMinSize, IsDateString, IsIn, IsISO31661Alpha2, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Topics } from '../topics/topic-catalog';
import { defineEvent } from './event-contract';
import { nested, OrderLine } from './shared-payload-types';

export const ORDER_NUMBER_PATTERN = /^PS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

export const ORDER_STATUSES = [
  'AWAITING_SHIPMENT',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'IN_TRANSIT',
  'DELIVERED',
  'CANCELLED',
  'EXCEPTION',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export class OrderCreated {
  @IsUUID()
  orderId!: string;

  @Matches(ORDER_NUMBER_PATTERN)
  orderNumber!: string;

  @IsString()
  @MaxLength(128)
  buyerId!: string;

  @IsString()
  @MaxLength(128)
  sellerId!: string;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @nested(OrderLine)
  items!: OrderLine[];

  @IsISO31661Alpha2()
  shipFromCountryCode!: string;

  @IsISO31661Alpha2()
  shipToCountryCode!: string;

  @IsOptional()
  @IsString()
  @MaxLength(120)
  shipToCity?: string;

  @IsDateString()
  createdAt!: string;
}

export class OrderCancelled {
  @IsUUID()
  orderId!: string;

  @Matches(ORDER_NUMBER_PATTERN)
  orderNumber!: string;

  @IsIn(['BUYER', 'SELLER', 'OPS'])
  cancelledBy!: 'BUYER' | 'SELLER' | 'OPS';

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @IsDateString()
  cancelledAt!: string;
}

export class OrderStatusChanged {
  @IsUUID()
  orderId!: string;

  @Matches(ORDER_NUMBER_PATTERN)
  orderNumber!: string;

  @IsIn(ORDER_STATUSES)
  from!: OrderStatus;

  @IsIn(ORDER_STATUSES)
  to!: OrderStatus;

  @IsDateString()
  changedAt!: string;
}

export const OrderCreatedEvent = defineEvent('parcelstream.order.created.v1', Topics.OrderEvents, OrderCreated);
export const OrderCancelledEvent = defineEvent('parcelstream.order.cancelled.v1', Topics.OrderEvents, OrderCancelled);
export const OrderStatusChangedEvent = defineEvent('parcelstream.order.status-changed.v1', Topics.OrderEvents, OrderStatusChanged);
