import type { EventContract } from '@parcelstream/contracts';
import type { SqlExecutor } from '../sql-executor';

/** A validated event as a handler receives it. */
export interface ConsumedEvent<T extends object = object> {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  traceparent?: string;
  payload: T;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

/**
 * Applies a run of events of one type. It runs inside the consumer's transaction (`tx`), together with the
 * inbox rows: its effects and the "seen" marks commit or roll back together. Write set-based: one statement
 * for the run, not one per event. Events arrive in partition order, never seen before by this consumer.
 */
export interface EventBatchHandler<T extends object = object, Tx extends SqlExecutor = SqlExecutor> {
  readonly contract: EventContract<T>;
  handle(events: ConsumedEvent<T>[], tx: Tx): Promise<void>;
}

/** A database that can run a function in a transaction (TypeORM's DataSource is one). */
export interface TransactionalDb<Tx extends SqlExecutor = SqlExecutor> extends SqlExecutor {
  transaction<R>(work: (tx: Tx) => Promise<R>): Promise<R>;
}

/** A handler of any event type (a consumer holds handlers of several). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventBatchHandler<Tx extends SqlExecutor = SqlExecutor> = EventBatchHandler<any, Tx>;
