import { Inject, Injectable } from '@nestjs/common';
import { ShipmentCreatedEvent, type FulfillmentModel, type ShipmentCreated } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter } from '@parcelstream/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SHIPMENT_SERVICE_CONFIG, type ShipmentServiceConfig } from '../../config/shipment-service.config';
import { IdempotentExecution } from '../../idempotency/idempotent-execution';
import { KnownOrdersRepository } from '../../known-orders/known-orders.repository';
import { LogisticsPartnerBindingsRepository } from '../../logistics-partners/logistics-partner-bindings.repository';
import type { ShipmentView } from '../dto/shipment.view';
import { fulfillmentTermsOf } from '../rules/fulfillment-terms';
import { allocateItems, type ShipmentLine } from '../rules/item-allocation';
import { planWaybill } from '../rules/waybill-plan';
import { refused } from '../shipment-refused.exception';
import { toShipmentView } from '../shipment.row';
import { ShipmentsRepository } from '../shipments.repository';

export interface CreateShipmentCommand {
  sellerId: string;
  orderNumber: string;
  fulfillmentModel: FulfillmentModel;
  carrierCode: string;
  trackingNumber?: string;
  /** omitted: everything not shipped yet */
  items?: ShipmentLine[];
  idempotencyKey?: string;
}

/**
 * Marks (part of) an order shipped. In one transaction: claim the Idempotency-Key, lock the known order
 * (`FOR UPDATE`: concurrent shipments of one order and its `order.cancelled` serialise on it), check
 * ownership, cancellation, the carrier binding, the unshipped quantities and the waybill's uniqueness (under
 * an advisory lock on the waybill), insert the shipment and append `shipment.created` to the outbox.
 */
@Injectable()
export class CreateShipmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly knownOrders: KnownOrdersRepository,
    private readonly bindings: LogisticsPartnerBindingsRepository,
    private readonly shipments: ShipmentsRepository,
    private readonly idempotent: IdempotentExecution,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    @Inject(SHIPMENT_SERVICE_CONFIG) private readonly config: ShipmentServiceConfig,
  ) {}

  async execute(cmd: CreateShipmentCommand): Promise<ShipmentView> {
    const plan = planWaybill(cmd.fulfillmentModel, cmd.carrierCode, cmd.trackingNumber);
    if (!plan.ok) throw refused(plan.refusal);
    const terms = fulfillmentTermsOf(cmd.fulfillmentModel);
    const request = cmd.idempotencyKey
      ? {
          scope: `seller:${cmd.sellerId}`,
          key: cmd.idempotencyKey,
          operation: `POST /orders/${cmd.orderNumber}/shipments`,
          body: { fulfillmentModel: cmd.fulfillmentModel, carrierCode: cmd.carrierCode, trackingNumber: cmd.trackingNumber, items: cmd.items },
        }
      : undefined;

    const { result, replayed } = await this.dataSource.transaction((tx) =>
      this.idempotent.once(tx, request, 201, async () => {
        const order = await this.knownOrders.lockForSeller(tx, cmd.orderNumber, cmd.sellerId);
        if (!order) throw refused({ reason: 'ORDER_NOT_FOUND', detail: `No order ${cmd.orderNumber}.` });
        if (order.cancelled_at) throw refused({ reason: 'ORDER_CANCELLED', detail: `Order ${cmd.orderNumber} is cancelled.` });
        if (cmd.fulfillmentModel === 'SELLER' && !(await this.bindings.isBound(tx, cmd.sellerId, plan.carrier.code))) {
          throw refused({
            reason: 'CARRIER_NOT_BOUND',
            detail: `${plan.carrier.name} is not one of your logistics partners; bind it first.`,
            errors: [{ field: 'carrierCode', message: `${plan.carrier.code} is not bound` }],
          });
        }
        const allocation = allocateItems(await this.knownOrders.lineProgress(tx, order.order_id), cmd.items);
        if (!allocation.ok) throw refused(allocation.refusal);
        if (plan.trackingNumber && (await this.shipments.waybillInUse(tx, plan.carrier.code, plan.trackingNumber, this.config.waybillReuseAfterDays))) {
          throw refused({
            reason: 'WAYBILL_IN_USE',
            detail: `${plan.carrier.name} tracking number ${plan.trackingNumber} already belongs to a live shipment.`,
            errors: [{ field: 'trackingNumber', message: 'already used by another shipment' }],
          });
        }

        // what the row and shipment.created both say of the new package
        const shipment = {
          shipmentId: randomUUID(),
          orderId: order.order_id,
          orderNumber: order.order_number,
          sellerId: order.seller_id,
          buyerId: order.buyer_id,
          carrierCode: plan.carrier.code,
          trackingNumber: plan.trackingNumber,
          fulfillmentModel: cmd.fulfillmentModel,
          liability: terms.liability,
          originCountryCode: order.ship_from_country_code,
          destinationCountryCode: order.ship_to_country_code,
          items: allocation.items,
        };
        const shipmentId = shipment.shipmentId;
        await this.shipments.insert(tx, { ...shipment, status: terms.initialStatus, verificationStatus: terms.initialVerification });
        const row = await this.shipments.getById(tx, shipmentId);
        const payload: ShipmentCreated = {
          ...shipment,
          createdAt: row.created_at.toISOString(),
        };
        await this.outbox.append(tx, [{ contract: ShipmentCreatedEvent, key: shipmentId, payload }]);
        return toShipmentView(row);
      }),
    );
    if (!replayed) this.relay.wake();
    return result;
  }
}
