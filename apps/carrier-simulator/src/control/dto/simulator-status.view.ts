export class SimulatorStatusView {
  seed!: string;
  timeScale!: number;
  webhookTarget!: string;
  journeys!: { total: number; running: number; complete: number };
  deliveries!: { queued: number; inFlight: number };
  faults!: { live: number };
  ledgerEntries!: number;
  /** nothing left to do: every journey complete, no delivery queued or in flight */
  idle!: boolean;
  /** the next scripted event's real time, when one is still ahead */
  nextDueAt?: string;
}
