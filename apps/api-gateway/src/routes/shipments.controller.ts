import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CancelShipmentDto, CreateShipmentDto, SellerTrackingUpdateDto } from '@parcelstream/contracts';
import { AllowRoles } from '../auth/access.decorator';
import { ProblemResponse } from './problem-response';
import type { GatewayRequest } from '../auth/caller-context';
import { idempotencyKeyOf, ProxyResponder, type ProxyResponse } from '../upstream/proxy-responder';
import { SHIPMENT_SERVICE, UpstreamClient } from '../upstream/upstream-client';

const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'the same key and body: the first answer again; the same key with another body: 409' };

/** Shipments (packages) of an order (shipment-service, which enforces ownership in its queries). */
@ApiTags('shipments')
@ApiBearerAuth()
@Controller('v1')
export class ShipmentsController {
  constructor(
    @Inject(SHIPMENT_SERVICE) private readonly shipments: UpstreamClient,
    private readonly proxy: ProxyResponder,
  ) {}

  @Post('orders/:orderNumber/shipments')
  @HttpCode(201)
  @AllowRoles('seller')
  @ApiOperation({
    summary: 'Mark (part of) an order shipped (its seller)',
    description: '404 unknown or another seller’s order; 409 cancelled order, nothing left to ship or waybill in use; 422 items over what is unshipped, carrier not bound (SELLER) or not platform-contracted (PLATFORM), invalid waybill.',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ProblemResponse(400, 'invalid body (errors[{ field, message }]); trackingNumber missing (SELLER) or given (PLATFORM)')
  @ProblemResponse(404, 'no such order, or another seller’s')
  @ProblemResponse(409, 'order cancelled; nothing left to ship; waybill in use; Idempotency-Key reused with another body')
  @ProblemResponse(422, 'items over what is unshipped; carrier not bound (SELLER) or not platform-contracted (PLATFORM); invalid waybill')
  create(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('orderNumber') orderNumber: string, @Body() body: CreateShipmentDto) {
    return this.proxy.forward(this.shipments, req, res, {
      method: 'POST',
      path: `/orders/${encodeURIComponent(orderNumber)}/shipments`,
      body: JSON.stringify(body),
      headers: { 'idempotency-key': idempotencyKeyOf(req) },
    });
  }

  @Get('shipments/:shipmentId')
  @AllowRoles('seller', 'buyer', 'ops')
  @ApiOperation({ summary: 'One shipment (its seller, its buyer, ops)' })
  @ProblemResponse(404, 'no such shipment, or someone else’s')
  get(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('shipmentId') shipmentId: string) {
    return this.proxy.forward(this.shipments, req, res, { method: 'GET', path: `/shipments/${encodeURIComponent(shipmentId)}` });
  }

  @Post('shipments/:shipmentId/events')
  @HttpCode(202)
  @AllowRoles('seller')
  @ApiOperation({ summary: 'Manual logistics update (its seller, SELLER-model shipments only): 409 for a PLATFORM-model or cancelled shipment' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ProblemResponse(404, 'no such shipment, or another seller’s')
  @ProblemResponse(409, 'a PLATFORM-model or cancelled shipment')
  @ProblemResponse(422, 'a sub-status of another status, or an occurredAt in the future')
  postEvent(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('shipmentId') shipmentId: string, @Body() body: SellerTrackingUpdateDto) {
    return this.proxy.forward(this.shipments, req, res, {
      method: 'POST',
      path: `/shipments/${encodeURIComponent(shipmentId)}/events`,
      body: JSON.stringify(body),
      headers: { 'idempotency-key': idempotencyKeyOf(req) },
    });
  }

  @Post('shipments/:shipmentId/cancel')
  @HttpCode(200)
  @AllowRoles('seller')
  @ApiOperation({ summary: 'Cancel before the first carrier scan (its seller): 409 after a scan' })
  @ProblemResponse(404, 'no such shipment, or another seller’s')
  @ProblemResponse(409, 'the carrier has scanned it')
  cancel(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('shipmentId') shipmentId: string, @Body() body: CancelShipmentDto) {
    return this.proxy.forward(this.shipments, req, res, { method: 'POST', path: `/shipments/${encodeURIComponent(shipmentId)}/cancel`, body: JSON.stringify(body) });
  }
}
