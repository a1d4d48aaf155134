import { Injectable } from '@nestjs/common';
import { PollRateLimits } from '../../carrier-api/poll-rate-limits';
import { FaultPlan } from '../../faults/fault-plan';
import { JourneyStore } from '../../journeys/journey-store';
import { DeliveryLedger } from '../../ledger/delivery-ledger';
import { WebhookDispatcher } from '../../webhooks/webhook-dispatcher';

/** POST /control/reset: forgets journeys, registrations, deliveries, faults, the ledger and rate limits; optionally a new seed. */
@Injectable()
export class ResetSimulatorUseCase {
  constructor(
    private readonly store: JourneyStore,
    private readonly faults: FaultPlan,
    private readonly ledger: DeliveryLedger,
    private readonly dispatcher: WebhookDispatcher,
    private readonly rateLimits: PollRateLimits,
  ) {}

  execute(seed?: string): void {
    const next = seed ?? this.store.seed;
    this.dispatcher.reset();
    this.store.reset({ seed: next });
    this.faults.reset(next);
    this.ledger.reset();
    this.rateLimits.reset();
  }
}
