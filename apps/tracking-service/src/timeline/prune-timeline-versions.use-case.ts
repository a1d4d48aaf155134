import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@parcelstream/messaging';
import { TRACKING_CONFIG, type TrackingConfig } from '../config/tracking-config';
import { TimelineVersionsRepository } from './timeline-versions.repository';

/**
 * Keeps `timeline_versions` from growing without end: versions older than TIMELINE_VERSIONS_KEEP_DAYS go, each
 * shipment's latest stays. A live stream resumed from a version that is gone gets the versions kept after it —
 * each a whole view, so the client still ends on the current one; it misses only the pruned in-between states.
 */
@Injectable()
export class PruneTimelineVersionsUseCase {
  constructor(
    private readonly versions: TimelineVersionsRepository,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  /** One round: at most `limit` versions (a backlog goes over the following rounds). */
  execute(tx: SqlExecutor, now: Date, limit = 10_000): Promise<number> {
    return this.versions.prune(tx, new Date(now.getTime() - this.config.versionsKeepMs), limit);
  }
}
