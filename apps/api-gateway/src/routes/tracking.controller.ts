import { Controller, Get, Inject, Param, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { AllowAnyone, AllowRoles } from '../auth/access.decorator';
import type { GatewayRequest } from '../auth/caller-context';
import { ProxyResponder, type ProxyResponse } from '../upstream/proxy-responder';
import { TRACKING_SERVICE, UpstreamClient } from '../upstream/upstream-client';

@ApiTags('tracking')
@Controller('v1')
export class TrackingController {
  constructor(
    @Inject(TRACKING_SERVICE) private readonly tracking: UpstreamClient,
    private readonly proxy: ProxyResponder,
  ) {}

  @Get('tracking/:trackingNumber')
  @AllowAnyone()
  @ApiOperation({ summary: 'Public view for anyone; the full view (with orderNumber) for its buyer, its seller and ops' })
  @ApiQuery({ name: 'carrierCode', required: false, description: 'which carrier, when the number is used by several' })
  view(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('trackingNumber') trackingNumber: string, @Query('carrierCode') carrierCode?: unknown) {
    const query = typeof carrierCode === 'string' && carrierCode ? `?carrierCode=${encodeURIComponent(carrierCode)}` : '';
    return this.proxy.forward(this.tracking, req, res, { method: 'GET', path: `/tracking/${encodeURIComponent(trackingNumber)}${query}` });
  }

  @Get('orders/:orderNumber/tracking')
  @AllowRoles('buyer', 'seller', 'ops')
  @ApiOperation({ summary: "All shipments' tracking for an order" })
  forOrder(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('orderNumber') orderNumber: string) {
    return this.proxy.forward(this.tracking, req, res, { method: 'GET', path: `/orders/${encodeURIComponent(orderNumber)}/tracking` });
  }

  @Get('tracking/:trackingNumber/stream')
  @AllowAnyone()
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Server-Sent Events: one event per timeline change, resumable with Last-Event-ID' })
  async stream(@Req() req: GatewayRequest & { on(e: 'close', f: () => void): void }, @Res() res: ServerResponse, @Param('trackingNumber') trackingNumber: string) {
    const lastEventId = req.headers['last-event-id'];
    let upstream;
    try {
      upstream = await this.tracking.stream({
        method: 'GET',
        path: `/tracking/${encodeURIComponent(trackingNumber)}/stream`,
        caller: req.caller ?? { kind: 'anonymous' },
        headers: { accept: 'text/event-stream', 'last-event-id': Array.isArray(lastEventId) ? lastEventId[0] : lastEventId },
      });
    } catch {
      throw new ServiceUnavailableException({ detail: 'Live tracking is not answering; try again shortly.' });
    }
    const { response, abort } = upstream;
    res.writeHead(response.statusCode ?? 502, {
      'content-type': response.headers['content-type'] ?? 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    response.pipe(res);
    req.on('close', abort);
  }
}
