import { type DynamicModule, Module } from '@nestjs/common';
import { MetricsModule, ReadinessState } from '@parcelstream/service-runtime';
import { CarrierApiFaults } from '../carrier-api/carrier-api-faults';
import { CarrierApiHttpController } from '../carrier-api/carrier-api.http.controller';
import { PollRateLimits } from '../carrier-api/poll-rate-limits';
import { GetTrackingPageUseCase } from '../carrier-api/use-cases/get-tracking-page.use-case';
import { RegisterShipmentUseCase } from '../carrier-api/use-cases/register-shipment.use-case';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../config/simulator.config';
import { FaultsHttpController } from '../control/faults.http.controller';
import { JourneysHttpController } from '../control/journeys.http.controller';
import { ScenariosHttpController } from '../control/scenarios.http.controller';
import { LedgerHttpController } from '../control/ledger.http.controller';
import { SimulatorHttpController } from '../control/simulator.http.controller';
import { InjectFaultUseCase } from '../control/use-cases/inject-fault.use-case';
import { ResetSimulatorUseCase } from '../control/use-cases/reset-simulator.use-case';
import { SimulatorStatusQuery } from '../control/use-cases/simulator-status.query';
import { StartJourneysUseCase } from '../control/use-cases/start-journeys.use-case';
import { FaultPlan } from '../faults/fault-plan';
import { SimulatorHealthController } from '../health/simulator-health.controller';
import { JourneyStore } from '../journeys/journey-store';
import { DeliveryLedger } from '../ledger/delivery-ledger';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';

/** The carrier simulator: the carriers' APIs, their webhooks, the control API. State lives in memory. */
@Module({})
export class SimulatorModule {
  static forConfig(config: SimulatorConfig): DynamicModule {
    return {
      module: SimulatorModule,
      imports: [MetricsModule],
      controllers: [CarrierApiHttpController, JourneysHttpController, ScenariosHttpController, FaultsHttpController, LedgerHttpController, SimulatorHttpController, SimulatorHealthController],
      providers: [
        { provide: SIMULATOR_CONFIG, useValue: config },
        { provide: JourneyStore, useFactory: () => new JourneyStore({ seed: config.seed, timeScale: config.timeScale, waybillSequenceStart: config.waybillSequenceStart }) },
        { provide: FaultPlan, useFactory: () => new FaultPlan(config.seed) },
        { provide: DeliveryLedger, useFactory: () => new DeliveryLedger(config.ledgerMax) },
        ReadinessState,
        WebhookDispatcher,
        CarrierApiFaults,
        PollRateLimits,
        RegisterShipmentUseCase,
        GetTrackingPageUseCase,
        StartJourneysUseCase,
        InjectFaultUseCase,
        ResetSimulatorUseCase,
        SimulatorStatusQuery,
      ],
    };
  }
}
