import { BadRequestException, ConflictException, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { validateWaybill } from '@parcelstream/carriers';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../../config/simulator.config';
import type { Journey } from '../../journeys/journey';
import { ImpossibleScenarioError } from '../../journeys/journey-scenario';
import { DuplicateJourneyError, JourneyStore } from '../../journeys/journey-store';
import { journeysStartedTotal } from '../../metrics/simulator-metrics';
import { WebhookDispatcher } from '../../webhooks/webhook-dispatcher';
import type { CreateJourneyDto } from '../dto/create-journey.dto';

/**
 * Starts journeys straight from the control API (no registration): for demos, tests and load. With a number
 * it must be valid for the carrier and not playing yet; without one, `count` numbers are allocated.
 */
@Injectable()
export class StartJourneysUseCase {
  constructor(
    private readonly store: JourneyStore,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  execute(dto: CreateJourneyDto): Journey[] {
    const count = dto.count ?? 1;
    if (dto.trackingNumber !== undefined && count > 1) {
      throw new BadRequestException({ title: 'Validation failed', detail: 'count > 1 allocates the numbers: leave trackingNumber out', errors: [{ field: 'count', message: 'must be 1 with a trackingNumber' }] });
    }
    let trackingNumber: string | undefined;
    if (dto.trackingNumber !== undefined) {
      const check = validateWaybill(dto.carrierCode, dto.trackingNumber);
      if (!check.valid) throw new UnprocessableEntityException({ title: 'Invalid tracking number', detail: check.reason, errors: [{ field: 'trackingNumber', message: check.reason }] });
      trackingNumber = check.normalized;
    }
    const journeys: Journey[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const journey = this.store.create({
          carrierCode: dto.carrierCode,
          trackingNumber: trackingNumber ?? this.store.allocateWaybill(dto.carrierCode, dto.originCountryCode),
          originCountryCode: dto.originCountryCode,
          destinationCountryCode: dto.destinationCountryCode,
          origin: 'CONTROL',
          shipmentRef: count === 1 ? dto.shipmentRef : undefined,
          overrides: { customs: dto.customs, failedAttempts: dto.failedAttempts, outcome: dto.outcome },
          startDelayMs: dto.startDelayMs ?? this.config.journeyStartDelayMs,
        });
        journeysStartedTotal.inc({ carrier: dto.carrierCode, origin: 'CONTROL' });
        journeys.push(journey);
      }
    } catch (e) {
      if (e instanceof DuplicateJourneyError) throw new ConflictException({ title: 'Journey exists', detail: e.message });
      if (e instanceof ImpossibleScenarioError) throw new UnprocessableEntityException({ title: 'Impossible scenario', detail: e.message });
      throw e;
    } finally {
      if (journeys.length > 0) this.dispatcher.wake();
    }
    return journeys;
  }
}
