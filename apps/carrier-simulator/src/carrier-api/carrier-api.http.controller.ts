import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { simulatedCarrier } from '../carriers/simulated-carriers';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../config/simulator.config';
import type { ApiOperation as CarrierApiOperation } from '../faults/fault-rule';
import { DeliveryLedger, type LedgerEntry } from '../ledger/delivery-ledger';
import { apiRequestsTotal } from '../metrics/simulator-metrics';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { CarrierApiFaults, type CallFaults } from './carrier-api-faults';
import { CarrierApiRefusal } from './carrier-api-refusal';
import { sendJson, sendProblem, type CarrierResponse } from './carrier-response';
import { RegistrationRequestDto } from './dto/registration-request.dto';
import { TrackingRequestQuery } from './dto/tracking-request.query';
import { WaybillRequestDto } from './dto/waybill-request.dto';
import { PollRateLimits } from './poll-rate-limits';
import { GetTrackingPageUseCase } from './use-cases/get-tracking-page.use-case';
import { RegisterShipmentUseCase } from './use-cases/register-shipment.use-case';

/**
 * The simulated carriers' APIs, as carrier-sync calls them (`<CARRIER_API_BASE_URL>/carriers/<code>/…`).
 * The answers are written by hand (not by Nest) because a carrier's answers are sometimes no answer at all,
 * garbage, or a 429; each call goes into the ledger with its status and the faults it met.
 */
@ApiTags('carrier APIs')
@Controller('carriers/:carrierCode')
export class CarrierApiHttpController {
  constructor(
    private readonly register: RegisterShipmentUseCase,
    private readonly tracking: GetTrackingPageUseCase,
    private readonly faults: CarrierApiFaults,
    private readonly dispatcher: WebhookDispatcher,
    private readonly ledger: DeliveryLedger,
    private readonly rateLimits: PollRateLimits,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  @Post('registrations')
  @ApiOperation({ summary: "SELLER model: register the seller's waybill; starts the parcel's journey (201; 200 for a repeat)" })
  async registration(@Param('carrierCode') carrierCode: string, @Body() body: RegistrationRequestDto, @Res() res: CarrierResponse): Promise<void> {
    await this.answerRegistration('registrations', carrierCode, body, res);
  }

  @Post('waybills')
  @ApiOperation({ summary: 'PLATFORM model: allocate a waybill; starts the journey (201; 200 with the same number for a repeat)' })
  async waybill(@Param('carrierCode') carrierCode: string, @Body() body: WaybillRequestDto, @Res() res: CarrierResponse): Promise<void> {
    await this.answerRegistration('waybills', carrierCode, body, res);
  }

  @Get('tracking')
  @ApiOperation({ summary: 'The polled carrier: every due event of the numbers, paginated, rate-limited (429 + Retry-After)' })
  async track(@Param('carrierCode') carrierCode: string, @Query() query: TrackingRequestQuery, @Res() res: CarrierResponse): Promise<void> {
    const started = performance.now();
    const request = { numbers: query.numbers.split(','), page: query.page ?? 1 };
    if (simulatedCarrier(carrierCode)?.style === 'polled') {
      const token = this.rateLimits.take(carrierCode);
      if (!token.ok) {
        const seconds = Math.max(1, Math.ceil(token.retryAfterMs / 1000));
        res.setHeader('Retry-After', String(seconds));
        sendProblem(res, 429, 'Too Many Requests', `Rate limit of ${this.config.poll.ratePerSec} requests a second; retry in ${seconds} s.`);
        return this.record(carrierCode, 'tracking', request, 429, [], started);
      }
    }
    const call = await this.faults.begin(carrierCode, 'tracking', res);
    if (call.answered) return this.record(carrierCode, 'tracking', request, call.answered, call.applied, started);
    try {
      const page = this.tracking.execute(carrierCode, query.numbers, query.page ?? 1);
      const applied = [...call.applied, ...page.applied];
      if (await this.hangIfAsked(call, res)) return this.record(carrierCode, 'tracking', request, null, applied, started);
      if (call.malformed) {
        sendJson(res, 200, { page: page.body.page, pages: page.body.pages, shipments: page.body.shipments.map((s) => ({ no: 12345, evts: `${s.evts.length} events` })) });
        return this.record(carrierCode, 'tracking', request, 200, applied, started);
      }
      sendJson(res, 200, page.body);
      const now = Date.now();
      for (const e of page.shown) {
        e.state = 'SERVED';
        e.doneAtMs = now;
      }
      if (page.shown.length > 0) this.dispatcher.wake(); // push events after them may go now
      this.record(carrierCode, 'tracking', request, 200, applied, started, page.shown.length);
    } catch (e) {
      this.refuse(e, res, carrierCode, 'tracking', request, call.applied, started);
    }
  }

  private async answerRegistration(operation: 'registrations' | 'waybills', carrierCode: string, body: RegistrationRequestDto | WaybillRequestDto, res: CarrierResponse): Promise<void> {
    const started = performance.now();
    const request = { shipmentRef: body.shipmentRef, ...('trackingNumber' in body ? { trackingNumber: body.trackingNumber } : {}) };
    const call = await this.faults.begin(carrierCode, operation, res);
    if (call.answered) return this.record(carrierCode, operation, request, call.answered, call.applied, started);
    try {
      const result = this.register.execute({
        carrierCode,
        shipmentRef: body.shipmentRef,
        trackingNumber: 'trackingNumber' in body ? body.trackingNumber : undefined,
        originCountryCode: body.originCountryCode,
        destinationCountryCode: body.destinationCountryCode,
      });
      if (await this.hangIfAsked(call, res)) return this.record(carrierCode, operation, request, null, call.applied, started);
      const status = result.created ? 201 : 200;
      if (call.malformed) res.status(status).type('application/json').send(JSON.stringify(result.view).slice(0, 20));
      else sendJson(res, status, result.view);
      this.record(carrierCode, operation, { ...request, trackingNumber: result.view.trackingNumber }, status, call.applied, started);
    } catch (e) {
      this.refuse(e, res, carrierCode, operation, request, call.applied, started);
    }
  }

  private async hangIfAsked(call: CallFaults, res: CarrierResponse): Promise<boolean> {
    if (!call.hang) return false;
    await this.faults.hang(res);
    return true;
  }

  private refuse(e: unknown, res: CarrierResponse, carrierCode: string, operation: CarrierApiOperation, request: Record<string, unknown>, applied: string[], started: number): void {
    if (!(e instanceof CarrierApiRefusal)) throw e;
    sendProblem(res, e.status, e.title, e.message);
    this.record(carrierCode, operation, request, e.status, applied, started);
  }

  private record(carrierCode: string, operation: CarrierApiOperation, request: Record<string, unknown>, status: number | null, faults: string[], started: number, eventsShown?: number): void {
    const entry: Omit<LedgerEntry, 'seq' | 'at'> = {
      channel: 'api',
      carrierCode,
      operation,
      request: eventsShown === undefined ? request : { ...request, eventsShown },
      status,
      outcome: status === null ? 'NO_ANSWER' : 'ANSWERED',
      durationMs: Math.round(performance.now() - started),
      faults,
    };
    this.ledger.append(entry);
    apiRequestsTotal.inc({ carrier: carrierCode, operation, status: status === null ? 'no-answer' : String(status) });
  }
}
