import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../../config/simulator.config';
import { FaultPlan } from '../../faults/fault-plan';
import { nextWakeOf } from '../../journeys/journey-progress';
import { JourneyStore } from '../../journeys/journey-store';
import { DeliveryLedger } from '../../ledger/delivery-ledger';
import { WebhookDispatcher } from '../../webhooks/webhook-dispatcher';
import type { SimulatorStatusView } from '../dto/simulator-status.view';

/** GET /control/status: what is going on, and whether the simulator is idle (a checker's wait condition). */
@Injectable()
export class SimulatorStatusQuery {
  constructor(
    private readonly store: JourneyStore,
    private readonly faults: FaultPlan,
    private readonly ledger: DeliveryLedger,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  execute(nowMs = Date.now()): SimulatorStatusView {
    const running = this.store.running();
    const total = this.store.all().length;
    const deliveries = this.dispatcher.status();
    const next = running.map((j) => nextWakeOf(j, nowMs)).reduce<number | undefined>((m, t) => (t !== undefined && (m === undefined || t < m) ? t : m), undefined);
    return {
      seed: this.store.seed,
      timeScale: this.store.timeScale,
      webhookTarget: this.config.webhookTarget,
      journeys: { total, running: running.length, complete: total - running.length },
      deliveries,
      faults: { live: this.faults.list().filter((r) => this.faults.isLive(r)).length },
      ledgerEntries: this.ledger.size,
      idle: running.length === 0 && deliveries.queued === 0 && deliveries.inFlight === 0,
      ...(next !== undefined ? { nextDueAt: new Date(next).toISOString() } : {}),
    };
  }
}
