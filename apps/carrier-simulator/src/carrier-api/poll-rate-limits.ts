import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../config/simulator.config';
import { TokenBucket } from './token-bucket';

/** One token bucket per polled carrier (SIM_POLL_RATE_PER_SEC, SIM_POLL_RATE_BURST). */
@Injectable()
export class PollRateLimits {
  private buckets = new Map<string, TokenBucket>();

  constructor(@Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig) {}

  take(carrierCode: string): ReturnType<TokenBucket['take']> {
    let bucket = this.buckets.get(carrierCode);
    if (!bucket) this.buckets.set(carrierCode, (bucket = new TokenBucket(this.config.poll.ratePerSec, this.config.poll.burst)));
    return bucket.take();
  }

  reset(): void {
    this.buckets = new Map();
  }
}
