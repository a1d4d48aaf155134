import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '@parcelstream/caller-identity';
import { GetOrderTrackingUseCase } from './get-order-tracking.use-case';
import { GetTrackingUseCase } from './get-tracking.use-case';

/** Internal API (the gateway maps `/v1/tracking…` and `/v1/orders/:n/tracking` here). */
@ApiTags('tracking')
@ApiHeader({ name: 'x-parcelstream-caller', required: false, description: "the gateway's signed caller identity (absent: anonymous)" })
@Controller()
export class TrackingHttpController {
  constructor(
    private readonly getTracking: GetTrackingUseCase,
    private readonly getOrderTracking: GetOrderTrackingUseCase,
  ) {}

  @Get('tracking/:trackingNumber')
  @ApiOperation({ summary: "A waybill's timeline: public view for anyone; full view (orderNumber, full locations) for the order's buyer, seller, ops" })
  @ApiQuery({ name: 'carrierCode', required: false })
  get(@CurrentCaller() caller: Caller, @Param('trackingNumber') trackingNumber: string, @Query('carrierCode') carrierCode?: string) {
    return this.getTracking.execute({ caller, trackingNumber, carrierCode: typeof carrierCode === 'string' && carrierCode ? carrierCode : undefined });
  }

  @Get('orders/:orderNumber/tracking')
  @ApiOperation({ summary: "All shipments' tracking of an order (its buyer, its seller, ops; anyone else 404)" })
  getForOrder(@CurrentCaller(['buyer', 'seller', 'ops']) caller: Caller, @Param('orderNumber') orderNumber: string) {
    return this.getOrderTracking.execute({ caller, orderNumber });
  }
}
