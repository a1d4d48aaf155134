import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CancelOrderDto, CreateOrderDto, PageQuery } from '@parcelstream/contracts';
import { AllowRoles } from '../auth/access.decorator';
import type { GatewayRequest } from '../auth/caller-context';
import { idempotencyKeyOf, ProxyResponder, queryOf, type ProxyResponse } from '../upstream/proxy-responder';
import { ORDER_SERVICE, UpstreamClient } from '../upstream/upstream-client';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class OrdersController {
  constructor(
    @Inject(ORDER_SERVICE) private readonly orders: UpstreamClient,
    private readonly proxy: ProxyResponder,
  ) {}

  @Post()
  @AllowRoles('buyer')
  @ApiOperation({ summary: 'Place an order' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Body() body: CreateOrderDto) {
    return this.proxy.forward(this.orders, req, res, { method: 'POST', path: '/orders', body: JSON.stringify(body), headers: { 'idempotency-key': idempotencyKeyOf(req) } });
  }

  @Get()
  @AllowRoles('buyer', 'seller', 'ops')
  @ApiOperation({ summary: 'Own orders, newest first' })
  @ApiQuery({ name: 'limit', required: false, description: 'page size, 1–100 (default 20)' })
  @ApiQuery({ name: 'cursor', required: false, description: '`nextCursor` of the previous page' })
  list(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Query() _page: PageQuery) {
    return this.proxy.forward(this.orders, req, res, { method: 'GET', path: `/orders${queryOf(req.originalUrl)}` });
  }

  @Get(':orderNumber')
  @AllowRoles('buyer', 'seller', 'ops')
  @ApiOperation({ summary: 'One order with its shipments and statuses' })
  get(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('orderNumber') orderNumber: string) {
    return this.proxy.forward(this.orders, req, res, { method: 'GET', path: `/orders/${encodeURIComponent(orderNumber)}` });
  }

  @Post(':orderNumber/cancel')
  @HttpCode(200)
  @AllowRoles('buyer', 'seller', 'ops')
  @ApiOperation({ summary: 'Cancel (its buyer before shipping, its seller)' })
  cancel(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('orderNumber') orderNumber: string, @Body() body: CancelOrderDto) {
    return this.proxy.forward(this.orders, req, res, { method: 'POST', path: `/orders/${encodeURIComponent(orderNumber)}/cancel`, body: JSON.stringify(body) });
  }
}
