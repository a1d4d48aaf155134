import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TRACKING_CONFIG, type TrackingConfig } from '../config/tracking-config';
import { PruneTimelineVersionsUseCase } from '../timeline/prune-timeline-versions.use-case';
import { SweepStallsUseCase } from './sweep-stalls.use-case';

/**
 * Runs the stall/expiry sweep every SWEEP_INTERVAL_MS on each replica (rounds never overlap within one), and in
 * the same round, in a transaction of its own, the prune of old timeline versions.
 */
@Injectable()
export class StallSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('StallSweeper');
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sweep: SweepStallsUseCase,
    private readonly prune: PruneTimelineVersionsUseCase,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.round ??= this.runOnce().finally(() => (this.round = undefined));
    }, this.config.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }

  private async runOnce(): Promise<void> {
    try {
      const result = await this.dataSource.transaction((tx) => this.sweep.execute(tx, new Date()));
      if (result.stalled || result.expired) this.log.log({ msg: 'sweep', ...result });
    } catch (e) {
      this.log.warn(`sweep failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      const pruned = await this.dataSource.transaction((tx) => this.prune.execute(tx, new Date()));
      if (pruned) this.log.log({ msg: 'timeline versions pruned', pruned });
    } catch (e) {
      this.log.warn(`timeline version prune failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
