import type { FieldError } from '@parcelstream/contracts';
import type { ShipmentRefusal } from './shipment-refusal';

export interface ShipmentLine {
  sku: string;
  quantity: number;
}

export interface OrderLineProgress {
  sku: string;
  ordered: number;
  /** already in live (not cancelled) shipments */
  shipped: number;
}

export type ItemAllocation = { ok: true; items: ShipmentLine[] } | { ok: false; refusal: ShipmentRefusal };

/**
 * Which items go into a new shipment. Without `requested`, everything not shipped yet; with it, each sku must
 * be on the order, listed once, and at most what is still unshipped. Every problem is named by sku.
 */
export function allocateItems(lines: readonly OrderLineProgress[], requested: readonly ShipmentLine[] | undefined): ItemAllocation {
  const remaining = new Map(lines.map((l) => [l.sku, Math.max(0, l.ordered - l.shipped)]));
  if (requested === undefined) {
    const items = lines.filter((l) => (remaining.get(l.sku) ?? 0) > 0).map((l) => ({ sku: l.sku, quantity: remaining.get(l.sku) as number }));
    if (items.length === 0) return { ok: false, refusal: { reason: 'NOTHING_LEFT_TO_SHIP', detail: 'Every item of this order is already in a shipment.' } };
    return { ok: true, items };
  }
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  requested.forEach((item, i) => {
    const left = remaining.get(item.sku);
    if (seen.has(item.sku)) errors.push({ field: `items.${i}.sku`, message: `sku ${item.sku} is listed more than once` });
    else if (left === undefined) errors.push({ field: `items.${i}.sku`, message: `the order has no sku ${item.sku}` });
    else if (item.quantity > left) {
      errors.push({ field: `items.${i}.quantity`, message: `only ${left} of sku ${item.sku} ${left === 1 ? 'is' : 'are'} left unshipped (asked ${item.quantity})` });
    }
    seen.add(item.sku);
  });
  if (errors.length > 0) {
    return { ok: false, refusal: { reason: 'ITEMS_NOT_SHIPPABLE', detail: errors.map((e) => e.message).join('; '), errors } };
  }
  return { ok: true, items: requested.map((i) => ({ sku: i.sku, quantity: i.quantity })) };
}
