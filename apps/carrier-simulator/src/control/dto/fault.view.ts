import type { FaultRule } from '../../faults/fault-rule';

export class FaultView {
  id!: string;
  kind!: string;
  carrier!: string;
  target!: string;
  operation!: string;
  rate!: number;
  count?: number;
  applied!: number;
  /** still firing (not spent, not expired) */
  live!: boolean;
  delayMs!: number;
  status!: number;
  createdAt!: string;
  expiresAt?: string;
}

export class FaultList {
  items!: FaultView[];
}

export function faultViewOf(rule: FaultRule, live: boolean): FaultView {
  return {
    id: rule.id,
    kind: rule.kind,
    carrier: rule.carrierCode,
    target: rule.target,
    operation: rule.operation,
    rate: rule.rate,
    ...(rule.count !== undefined ? { count: rule.count } : {}),
    applied: rule.applied,
    live,
    delayMs: rule.delayMs,
    status: rule.status,
    createdAt: new Date(rule.createdAtMs).toISOString(),
    ...(rule.expiresAtMs !== undefined ? { expiresAt: new Date(rule.expiresAtMs).toISOString() } : {}),
  };
}
