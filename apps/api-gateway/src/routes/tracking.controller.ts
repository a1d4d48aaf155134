import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { AllowAnyone, AllowRoles } from '../auth/access.decorator';
import type { GatewayRequest } from '../auth/caller-context';
import { EventStreamPassthrough } from '../upstream/event-stream-passthrough';
import { ProxyResponder, type ProxyResponse } from '../upstream/proxy-responder';
import { TRACKING_SERVICE, UpstreamClient } from '../upstream/upstream-client';
import { ProblemResponse } from './problem-response';

@ApiTags('tracking')
@Controller('v1')
export class TrackingController {
  constructor(
    @Inject(TRACKING_SERVICE) private readonly tracking: UpstreamClient,
    private readonly proxy: ProxyResponder,
    private readonly streams: EventStreamPassthrough,
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
  @ApiOperation({
    summary: 'Server-Sent Events: one event per timeline change, resumable with Last-Event-ID',
    description:
      'First the current view (`id:` its timeline version), or with `Last-Event-ID: N` exactly the changes after version N; then one ' +
      '`event: timeline` per change with `id: <version>` and `data:` the view as of that version — the same view, public or full, as ' +
      'GET /v1/tracking/{trackingNumber} gives this caller. A `: heartbeat` comment every 15 s. Reconnect with the last id received.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the last id received: the stream resumes after it (EventSource sends it by itself on reconnect)' })
  @ApiQuery({ name: 'carrierCode', required: false, description: 'which carrier, when the number is used by several' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'as Last-Event-ID, for clients that cannot set headers (the header wins)' })
  @ApiResponse({ status: 200, description: 'text/event-stream: `id: <version>`, `event: timeline`, `data: <tracking view JSON>`' })
  @ProblemResponse(400, 'Last-Event-ID is not a timeline version')
  @ProblemResponse(404, 'no tracking for this number')
  @ProblemResponse(503, 'live tracking is full or not answering (Retry-After)')
  stream(@Req() req: GatewayRequest, @Res() res: ServerResponse & ProxyResponse, @Param('trackingNumber') trackingNumber: string, @Query('carrierCode') carrierCode?: unknown, @Query('lastEventId') lastEventId?: unknown) {
    const query = new URLSearchParams();
    if (typeof carrierCode === 'string' && carrierCode) query.set('carrierCode', carrierCode);
    if (typeof lastEventId === 'string' && lastEventId) query.set('lastEventId', lastEventId);
    const q = query.size > 0 ? `?${query.toString()}` : '';
    return this.streams.forward(this.tracking, req, res, `/tracking/${encodeURIComponent(trackingNumber)}/stream${q}`);
  }
}
