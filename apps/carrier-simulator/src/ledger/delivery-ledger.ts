import type { ApiOperation } from '../faults/fault-rule';

export interface LedgerEventRef {
  ref: string;
  journeyId: string;
  trackingNumber: string;
  rawCode: string;
  occurredAt: string;
  eventId?: string;
}

/**
 * One thing the simulated carriers did over the network: a webhook delivery attempt (with the platform's
 * answer) or an answer of their API to carrier-sync. A checker reads which events the platform accepted (202).
 */
export interface LedgerEntry {
  seq: number;
  at: string;
  channel: 'webhook' | 'api';
  carrierCode: string;
  /** webhooks: the delivery (repeated on retries) and which attempt this was */
  deliveryId?: string;
  attempt?: number;
  /** webhooks: a copy sent by the `duplicate` fault */
  duplicateOf?: string;
  url?: string;
  /** api: which call */
  operation?: ApiOperation;
  /** api: the shipment ref or the numbers asked for */
  request?: Record<string, unknown>;
  /** HTTP status answered (api) or received (webhook); null when no answer came */
  status: number | null;
  outcome: 'ACCEPTED' | 'REFUSED' | 'FAILED' | 'NO_ANSWER' | 'ANSWERED';
  error?: string;
  /** the platform's answer to a webhook (202: `{ accepted, duplicates, unmapped }`) */
  response?: unknown;
  durationMs: number;
  faults: string[];
  events?: LedgerEventRef[];
}

export interface LedgerFilter {
  channel?: LedgerEntry['channel'];
  carrierCode?: string;
  trackingNumber?: string;
  journeyId?: string;
  status?: number;
  afterSeq?: number;
  limit?: number;
}

/** The simulator's ledger, newest last; keeps the last `capacity` entries. */
export class DeliveryLedger {
  private entries: LedgerEntry[] = [];
  private seq = 0;

  constructor(private readonly capacity: number) {}

  append(entry: Omit<LedgerEntry, 'seq' | 'at'>, at = new Date()): LedgerEntry {
    const full: LedgerEntry = { seq: ++this.seq, at: at.toISOString(), ...entry };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  /** Entries after `afterSeq` (oldest first) that match, at most `limit`; `nextSeq` to page on. */
  query(filter: LedgerFilter = {}): { items: LedgerEntry[]; nextSeq: number | null } {
    const limit = filter.limit ?? 1000;
    const items: LedgerEntry[] = [];
    for (const e of this.entries) {
      if (filter.afterSeq !== undefined && e.seq <= filter.afterSeq) continue;
      if (filter.channel && e.channel !== filter.channel) continue;
      if (filter.carrierCode && e.carrierCode !== filter.carrierCode) continue;
      if (filter.status !== undefined && e.status !== filter.status) continue;
      if (filter.trackingNumber && !e.events?.some((r) => r.trackingNumber === filter.trackingNumber) && !JSON.stringify(e.request ?? {}).includes(filter.trackingNumber)) continue;
      if (filter.journeyId && !e.events?.some((r) => r.journeyId === filter.journeyId)) continue;
      if (items.length === limit) return { items, nextSeq: (items[items.length - 1] as LedgerEntry).seq };
      items.push(e);
    }
    return { items, nextSeq: null };
  }

  get size(): number {
    return this.entries.length;
  }

  reset(): void {
    this.entries = [];
    this.seq = 0;
  }
}
