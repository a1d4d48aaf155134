import { Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../config/simulator.config';
import { FaultPlan } from '../faults/fault-plan';
import type { ApiOperation, FaultKind, FaultRule } from '../faults/fault-rule';
import { faultsAppliedTotal } from '../metrics/simulator-metrics';
import { sendProblem, type CarrierResponse } from './carrier-response';

/** The call-level faults decided for one API call. */
export interface CallFaults {
  /** what fired, for the ledger */
  applied: string[];
  /** the 5xx status already answered (nothing else to do), else undefined */
  answered?: number;
  /** process the call, then give no answer (the caller's timeout fires; a retry must be idempotent) */
  hang?: FaultRule;
  /** answer garbage instead of the real answer */
  malformed?: FaultRule;
}

/**
 * Faults on the simulated carriers' APIs: a slow answer (`delay`), an outage (`http5xx`, answered before
 * anything is done), no answer (`timeout`: the work is done but the answer never comes, like a carrier
 * that commits and then loses the connection), and garbage (`malformed`).
 */
@Injectable()
export class CarrierApiFaults {
  constructor(
    private readonly faults: FaultPlan,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  async begin(carrierCode: string, operation: ApiOperation, res: CarrierResponse): Promise<CallFaults> {
    const applied: string[] = [];
    const delay = this.fire('delay', carrierCode, operation);
    if (delay) {
      applied.push(`delay ${delay.delayMs} ms (${delay.id})`);
      await this.wait(res, delay.delayMs);
    }
    const outage = this.fire('http5xx', carrierCode, operation);
    if (outage) {
      applied.push(`http5xx ${outage.status} (${outage.id})`);
      if (!res.destroyed) sendProblem(res, outage.status, 'Service Unavailable', `${carrierCode} is down (simulated outage ${outage.id})`);
      return { applied, answered: outage.status };
    }
    const hang = this.fire('timeout', carrierCode, operation);
    if (hang) applied.push(`timeout (${hang.id})`);
    const malformed = this.fire('malformed', carrierCode, operation);
    if (malformed) applied.push(`malformed (${malformed.id})`);
    return { applied, hang, malformed };
  }

  /** An event-level fault of the tracking API (duplicate, reorder, unmapped code). */
  fire(kind: FaultKind, carrierCode: string, operation: ApiOperation): FaultRule | undefined {
    const rule = this.faults.fire(kind, { target: 'api', carrierCode, operation });
    if (rule) faultsAppliedTotal.inc({ kind, target: 'api', carrier: carrierCode });
    return rule;
  }

  /** No answer: holds the connection until the caller gives up (or SIM_HANG_MS passed), then drops it. */
  async hang(res: CarrierResponse): Promise<void> {
    await this.wait(res, this.config.hangMs);
    if (!res.destroyed) res.destroy();
  }

  private wait(res: CarrierResponse, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      res.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
