import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SHIPMENT_SERVICE_CONFIG, type ShipmentServiceConfig } from '../../config/shipment-service.config';
import { FlagUnverifiedShipmentsUseCase } from '../use-cases/flag-unverified-shipments.use-case';

/**
 * Runs the verification sweep every `sweepIntervalMs` while the app runs (each replica does; the sweep is
 * safe to run concurrently). One run at a time per replica; shutdown waits for the run in hand.
 */
@Injectable()
export class ShipmentVerificationSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('VerificationSweep');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly flagUnverified: FlagUnverifiedShipmentsUseCase,
    @Inject(SHIPMENT_SERVICE_CONFIG) private readonly config: ShipmentServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One sweep now (also what the timer runs). */
  async sweep(): Promise<number> {
    const { windowHours, sweepBatchSize } = this.config.verification;
    const flagged = await this.flagUnverified.execute({ windowHours, batchSize: sweepBatchSize });
    if (flagged > 0) this.log.log({ msg: 'shipments flagged UNVERIFIED', count: flagged });
    return flagged;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((e: unknown) => this.log.warn(`verification sweep failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.config.verification.sweepIntervalMs);
    this.timer.unref();
  }
}
