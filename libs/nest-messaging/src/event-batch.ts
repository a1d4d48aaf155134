import type { ConsumedEvent } from '@parcelstream/messaging';
import type { EntityManager } from 'typeorm';

/**
 * What an `@EventPattern(<event type>)` handler receives: a run of fresh events of that type, in partition
 * order, and the transaction that also holds their inbox rows. Write every effect through `tx`.
 */
export interface EventBatch<T extends object> {
  events: ConsumedEvent<T>[];
  tx: EntityManager;
}
