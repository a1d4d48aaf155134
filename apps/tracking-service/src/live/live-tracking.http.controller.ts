import { BadRequestException, Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '@parcelstream/caller-identity';
import type { ServerResponse } from 'node:http';
import { SseResponse } from './sse-response';
import { StreamTrackingUseCase } from './stream-tracking.use-case';

const MAX_VERSION = 2_147_483_647;

/** `Last-Event-ID` (or `?lastEventId=` for clients that cannot set headers): a timeline version, or none. */
export function parseLastEventId(header: string | undefined, query: unknown): number | null {
  const raw = (header ?? (typeof query === 'string' ? query : undefined))?.trim();
  if (raw === undefined || raw === '') return null;
  const version = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(version <= MAX_VERSION)) throw new BadRequestException({ detail: `Last-Event-ID must be a timeline version (a whole number from 0), not "${raw.slice(0, 40)}".` });
  return version;
}

/** Internal API: the live stream (the gateway maps `GET /v1/tracking/:n/stream` here). */
@ApiTags('tracking')
@ApiHeader({ name: 'x-parcelstream-caller', required: false, description: "the gateway's signed caller identity (absent: anonymous)" })
@Controller()
export class LiveTrackingHttpController {
  constructor(private readonly streamTracking: StreamTrackingUseCase) {}

  @Get('tracking/:trackingNumber/stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: "A waybill's timeline live (Server-Sent Events)",
    description:
      'First the current view (`id:` its timeline version, 0 before the first change), or with `Last-Event-ID: N` exactly the versions after N; ' +
      'then one `event: timeline` per change, `data:` the view as of that version (the same view, public or full, as GET /tracking/{trackingNumber}). ' +
      'A `: heartbeat` comment every STREAM_HEARTBEAT_MS.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the last version received: resume after it' })
  @ApiQuery({ name: 'carrierCode', required: false })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'as Last-Event-ID, for clients that cannot set headers (the header wins)' })
  @ApiResponse({ status: 200, description: 'text/event-stream' })
  @ApiResponse({ status: 400, description: 'application/problem+json: Last-Event-ID is not a version' })
  @ApiResponse({ status: 404, description: 'application/problem+json: no tracking for this number' })
  @ApiResponse({ status: 503, description: 'application/problem+json: this instance is at STREAM_MAX_CONNECTIONS or shutting down (Retry-After)' })
  async stream(
    @CurrentCaller() caller: Caller,
    @Param('trackingNumber') trackingNumber: string,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('carrierCode') carrierCode: unknown,
    @Query('lastEventId') lastEventIdQuery: unknown,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const lastEventId = parseLastEventId(lastEventIdHeader, lastEventIdQuery);
    await this.streamTracking.execute({
      caller,
      trackingNumber,
      carrierCode: typeof carrierCode === 'string' && carrierCode ? carrierCode : undefined,
      lastEventId,
      sse: new SseResponse(res),
    });
  }
}
