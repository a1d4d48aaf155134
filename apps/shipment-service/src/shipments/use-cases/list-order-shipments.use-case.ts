import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KnownOrdersRepository } from '../../known-orders/known-orders.repository';
import type { OwnerFilter } from '../../ownership/owner-filter';
import type { ShipmentList } from '../dto/shipment.view';
import { refused } from '../shipment-refused.exception';
import { toShipmentView } from '../shipment.row';
import { ShipmentsRepository } from '../shipments.repository';

export interface ListOrderShipmentsCommand {
  orderNumber: string;
  owner: OwnerFilter;
}

/** Every shipment of an order (cancelled ones included), oldest first; someone else's order is a 404. */
@Injectable()
export class ListOrderShipmentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly knownOrders: KnownOrdersRepository,
    private readonly shipments: ShipmentsRepository,
  ) {}

  async execute(cmd: ListOrderShipmentsCommand): Promise<ShipmentList> {
    const order = await this.knownOrders.findForOwner(this.dataSource, cmd.orderNumber, cmd.owner);
    if (!order) throw refused({ reason: 'ORDER_NOT_FOUND', detail: `No order ${cmd.orderNumber}.` });
    return { items: (await this.shipments.listForOrder(this.dataSource, order.order_id)).map(toShipmentView) };
  }
}
