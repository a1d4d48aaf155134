import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OwnerFilter } from '../../ownership/owner-filter';
import type { ShipmentView } from '../dto/shipment.view';
import { refused } from '../shipment-refused.exception';
import { toShipmentView } from '../shipment.row';
import { ShipmentsRepository } from '../shipments.repository';

export interface GetShipmentCommand {
  shipmentId: string;
  owner: OwnerFilter;
}

/** One shipment for its seller, its buyer or ops; anyone else gets a 404 (the query filters by owner). */
@Injectable()
export class GetShipmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shipments: ShipmentsRepository,
  ) {}

  async execute(cmd: GetShipmentCommand): Promise<ShipmentView> {
    const row = await this.shipments.findForOwner(this.dataSource, cmd.shipmentId, cmd.owner);
    if (!row) throw refused({ reason: 'SHIPMENT_NOT_FOUND', detail: `No shipment ${cmd.shipmentId}.` });
    return toShipmentView(row);
  }
}
