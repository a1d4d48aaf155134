import { Inject, Injectable } from '@nestjs/common';
import { validateWaybill } from '@parcelstream/carriers';
import { simulatedCarrier } from '../../carriers/simulated-carriers';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../../config/simulator.config';
import type { Journey, JourneyOrigin } from '../../journeys/journey';
import { ImpossibleScenarioError } from '../../journeys/journey-scenario';
import { JourneyStore } from '../../journeys/journey-store';
import { journeysStartedTotal } from '../../metrics/simulator-metrics';
import { WebhookDispatcher } from '../../webhooks/webhook-dispatcher';
import { CarrierApiRefusal } from '../carrier-api-refusal';
import type { RegistrationView } from '../dto/registration.view';

export interface RegisterShipmentCommand {
  carrierCode: string;
  shipmentRef: string;
  /** SELLER model: the seller's number; absent: the carrier allocates one (PLATFORM model) */
  trackingNumber?: string;
  originCountryCode: string;
  destinationCountryCode: string;
}

export interface Registered {
  /** 201 for a new registration, 200 for a repeat of one (same shipment ref) */
  created: boolean;
  view: RegistrationView;
}

/**
 * A carrier takes a shipment: checks the seller's number against its format (or allocates one), and starts
 * the parcel's journey (SIM_JOURNEY_START_DELAY_MS later). Idempotent on the shipment ref: a retry gets the
 * first answer; the same ref with another number, or a number already on another shipment, is a 409.
 */
@Injectable()
export class RegisterShipmentUseCase {
  constructor(
    private readonly store: JourneyStore,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  execute(cmd: RegisterShipmentCommand): Registered {
    if (!simulatedCarrier(cmd.carrierCode)) throw new CarrierApiRefusal(404, 'Unknown carrier', `The simulator plays no carrier "${cmd.carrierCode}".`);
    const previous = this.store.findByShipmentRef(cmd.carrierCode, cmd.shipmentRef);
    if (previous) {
      if (cmd.trackingNumber !== undefined && previous.trackingNumber !== cmd.trackingNumber) {
        throw new CarrierApiRefusal(409, 'Shipment already registered', `Shipment ${cmd.shipmentRef} is registered with ${previous.trackingNumber}, not ${cmd.trackingNumber}.`);
      }
      return { created: false, view: viewOf(previous) };
    }
    let trackingNumber: string;
    let origin: JourneyOrigin;
    if (cmd.trackingNumber === undefined) {
      try {
        trackingNumber = this.store.allocateWaybill(cmd.carrierCode, cmd.originCountryCode);
      } catch (e) {
        throw new CarrierApiRefusal(422, 'Cannot allocate a waybill', (e as Error).message);
      }
      origin = 'ALLOCATION';
    } else {
      const check = validateWaybill(cmd.carrierCode, cmd.trackingNumber);
      if (!check.valid) throw new CarrierApiRefusal(422, 'Invalid tracking number', check.reason);
      trackingNumber = check.normalized;
      origin = 'REGISTRATION';
    }
    const taken = this.store.findByNumber(cmd.carrierCode, trackingNumber);
    if (taken) throw new CarrierApiRefusal(409, 'Tracking number in use', `${trackingNumber} is already registered${taken.shipmentRef ? ` for shipment ${taken.shipmentRef}` : ''}.`);
    let journey: Journey;
    try {
      journey = this.store.create({
        carrierCode: cmd.carrierCode,
        trackingNumber,
        originCountryCode: cmd.originCountryCode,
        destinationCountryCode: cmd.destinationCountryCode,
        origin,
        shipmentRef: cmd.shipmentRef,
        startDelayMs: this.config.journeyStartDelayMs,
      });
    } catch (e) {
      // a planned scenario (control API) that does not fit this parcel, e.g. customs on a domestic journey
      if (e instanceof ImpossibleScenarioError) throw new CarrierApiRefusal(422, 'Planned scenario impossible', e.message);
      throw e;
    }
    journeysStartedTotal.inc({ carrier: cmd.carrierCode, origin });
    this.dispatcher.wake();
    return { created: true, view: viewOf(journey) };
  }
}

function viewOf(journey: Journey): RegistrationView {
  return {
    carrierCode: journey.carrierCode,
    trackingNumber: journey.trackingNumber,
    shipmentRef: journey.shipmentRef ?? '',
    journeyId: journey.id,
    registeredAt: new Date(journey.createdAtMs).toISOString(),
  };
}
