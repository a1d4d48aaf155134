import type { CarrierEvent } from '../carriers/carrier-event';
import type { DeliveryContext, PushDialect } from '../carriers/carrier-dialect';

/**
 * The `malformed` fault's body, in two flavours taken in turn: JSON cut off half-way, or well-formed JSON
 * whose first event has no valid time. Either must be refused (400) by the platform without storing anything.
 */
export function malformedBody(dialect: PushDialect, events: readonly CarrierEvent[], context: DeliveryContext, variant: number): string {
  if (variant % 2 === 0) {
    const body = dialect.render(events, context);
    return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  }
  const [first, ...rest] = events;
  if (!first) return '{';
  return dialect.render([{ ...first, occurredAt: 'yesterday, around noon' }, ...rest], context);
}
