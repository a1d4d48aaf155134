import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { buyerIdOf, type Caller, CurrentCaller } from '@parcelstream/caller-identity';
import { CancelOrderDto, CreateOrderDto, PageQuery } from '@parcelstream/contracts';
import { CancelOrderUseCase } from './use-cases/cancel-order.use-case';
import { OrderQueries } from './use-cases/order-queries';
import { PlaceOrderUseCase } from './use-cases/place-order.use-case';

interface StatusSettable {
  status(code: number): unknown;
}

/** Internal API (the gateway maps `/v1/orders…` here); the caller comes from the gateway's signed header. */
@ApiTags('orders')
@ApiHeader({ name: 'x-parcelstream-caller', description: "the gateway's signed caller identity" })
@Controller('orders')
export class OrdersHttpController {
  constructor(
    private readonly placeOrder: PlaceOrderUseCase,
    private readonly cancelOrder: CancelOrderUseCase,
    private readonly queries: OrderQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Place an order (buyer); honours Idempotency-Key' })
  @ApiHeader({ name: 'idempotency-key', required: false })
  async create(
    @CurrentCaller(['buyer']) caller: Caller,
    @Body() body: CreateOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: StatusSettable,
  ) {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw new BadRequestException({ detail: 'Idempotency-Key must be 1–200 visible ASCII characters.', errors: [{ field: 'Idempotency-Key', message: 'invalid' }] });
    }
    const { order } = await this.placeOrder.execute({ buyerId: buyerIdOf(caller) as string, idempotencyKey, order: body });
    res.status(201);
    return order;
  }

  @Get()
  @ApiOperation({ summary: "The caller's orders, newest first (buyer, seller, ops)" })
  list(@CurrentCaller(['buyer', 'seller', 'ops']) caller: Caller, @Query() query: PageQuery) {
    return this.queries.list(caller, query.limit, query.cursor);
  }

  @Get(':orderNumber')
  @ApiOperation({ summary: 'One order with its shipments (its buyer, its seller, ops)' })
  get(@CurrentCaller(['buyer', 'seller', 'ops']) caller: Caller, @Param('orderNumber') orderNumber: string) {
    return this.queries.get(caller, orderNumber);
  }

  @Post(':orderNumber/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel (its buyer before shipping, its seller, ops)' })
  cancel(@CurrentCaller(['buyer', 'seller', 'ops']) caller: Caller, @Param('orderNumber') orderNumber: string, @Body() body: CancelOrderDto) {
    return this.cancelOrder.execute({ caller, orderNumber, reason: body.reason });
  }
}
