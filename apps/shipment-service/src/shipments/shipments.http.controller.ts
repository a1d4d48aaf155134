import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Caller, CALLER_HEADER, CurrentCaller } from '@parcelstream/caller-identity';
import { idempotencyKeyOf } from '../idempotency/idempotency-key';
import { ownerFilterOf, sellerIdOfCaller } from '../ownership/owner-filter';
import { CancelShipmentDto } from './dto/cancel-shipment.dto';
import { CreateShipmentDto } from './dto/create-shipment.dto';
import { SellerTrackingUpdateAccepted, SellerTrackingUpdateDto } from './dto/seller-tracking-update.dto';
import { ShipmentList, ShipmentView } from './dto/shipment.view';
import { CancelShipmentUseCase } from './use-cases/cancel-shipment.use-case';
import { CreateShipmentUseCase } from './use-cases/create-shipment.use-case';
import { GetShipmentUseCase } from './use-cases/get-shipment.use-case';
import { ListOrderShipmentsUseCase } from './use-cases/list-order-shipments.use-case';
import { PostSellerTrackingUpdateUseCase } from './use-cases/post-seller-tracking-update.use-case';

/** Errors are RFC 9457 `application/problem+json` (`type`, `title`, `status`, `detail`, `errors[{ field, message }]`). */
const problem = (status: number, description: string) => ApiResponse({ status, description: `application/problem+json: ${description}` });

const IDEMPOTENCY_HEADER = { name: 'idempotency-key', required: false, description: 'same key and body: the first answer again; same key, other body: 409' };

/** Internal API (the gateway maps `/v1/orders/{n}/shipments` and `/v1/shipments…` here). */
@ApiTags('shipments')
@ApiHeader({ name: CALLER_HEADER, description: "the gateway's signed caller identity", required: true })
@Controller()
export class ShipmentsHttpController {
  constructor(
    private readonly createShipment: CreateShipmentUseCase,
    private readonly cancelShipment: CancelShipmentUseCase,
    private readonly postSellerUpdate: PostSellerTrackingUpdateUseCase,
    private readonly getShipment: GetShipmentUseCase,
    private readonly listOrderShipments: ListOrderShipmentsUseCase,
  ) {}

  @Post('orders/:orderNumber/shipments')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Mark (part of) an order shipped (its seller)',
    description:
      '404 unknown or someone else\'s order; 409 cancelled order, nothing left to ship, or waybill already in use; 422 items over what is unshipped, ' +
      'carrier not bound (SELLER) or not platform-contracted (PLATFORM), invalid waybill; 400 trackingNumber missing (SELLER) or given (PLATFORM).',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: ShipmentView })
  @problem(400, 'invalid body; trackingNumber missing (SELLER) or given (PLATFORM); malformed Idempotency-Key')
  @problem(404, "unknown order, or another seller's")
  @problem(409, 'order cancelled; nothing left to ship; tracking number used by a live shipment; Idempotency-Key reused with another body')
  @problem(422, 'items over what is unshipped or unknown sku; carrier unknown, not bound (SELLER) or not platform-contracted (PLATFORM); invalid waybill')
  create(
    @CurrentCaller(['seller']) caller: Caller,
    @Param('orderNumber') orderNumber: string,
    @Body() body: CreateShipmentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<ShipmentView> {
    return this.createShipment.execute({
      sellerId: sellerIdOfCaller(caller),
      orderNumber,
      fulfillmentModel: body.fulfillmentModel,
      carrierCode: body.carrierCode,
      trackingNumber: body.trackingNumber,
      items: body.items?.map((i) => ({ sku: i.sku, quantity: i.quantity })),
      idempotencyKey: idempotencyKeyOf(idempotencyKey),
    });
  }

  @Get('orders/:orderNumber/shipments')
  @ApiOperation({ summary: "An order's shipments (its seller, its buyer, ops)" })
  @ApiOkResponse({ type: ShipmentList })
  list(@CurrentCaller(['seller', 'buyer', 'ops']) caller: Caller, @Param('orderNumber') orderNumber: string): Promise<ShipmentList> {
    return this.listOrderShipments.execute({ orderNumber, owner: ownerFilterOf(caller) });
  }

  @Get('shipments/:shipmentId')
  @ApiOperation({ summary: 'One shipment (its seller, its buyer, ops)' })
  @ApiOkResponse({ type: ShipmentView })
  get(@CurrentCaller(['seller', 'buyer', 'ops']) caller: Caller, @Param('shipmentId') shipmentId: string): Promise<ShipmentView> {
    return this.getShipment.execute({ shipmentId, owner: ownerFilterOf(caller) });
  }

  @Post('shipments/:shipmentId/events')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Post a manual logistics update (its seller, SELLER-model shipments only)',
    description: 'Published on carrier.tracking-events.normalized.v1 with source SELLER. 409 for a PLATFORM-model or cancelled shipment; 422 for a sub-status of another status or a future time.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiAcceptedResponse({ type: SellerTrackingUpdateAccepted })
  @problem(404, 'not your shipment')
  @problem(409, 'a PLATFORM-model or cancelled shipment')
  @problem(422, 'a sub-status of another status, or an occurredAt in the future')
  postEvent(
    @CurrentCaller(['seller']) caller: Caller,
    @Param('shipmentId') shipmentId: string,
    @Body() body: SellerTrackingUpdateDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<SellerTrackingUpdateAccepted> {
    return this.postSellerUpdate.execute({
      sellerId: sellerIdOfCaller(caller),
      shipmentId,
      update: {
        status: body.status,
        substatus: body.substatus,
        description: body.description,
        occurredAt: body.occurredAt,
        location: body.location ? { city: body.location.city, region: body.location.region, countryCode: body.location.countryCode } : undefined,
      },
      idempotencyKey: idempotencyKeyOf(idempotencyKey),
    });
  }

  @Post('shipments/:shipmentId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel before the first carrier scan (its seller); idempotent; 409 after a scan' })
  @ApiOkResponse({ type: ShipmentView })
  @problem(404, 'not your shipment')
  @problem(409, 'the carrier has scanned it')
  cancel(@CurrentCaller(['seller']) caller: Caller, @Param('shipmentId') shipmentId: string, @Body() body: CancelShipmentDto): Promise<ShipmentView> {
    return this.cancelShipment.execute({ sellerId: sellerIdOfCaller(caller), shipmentId, reason: body.reason });
  }
}
