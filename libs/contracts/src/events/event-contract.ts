import type { Topic } from '../topics/topic-catalog';

/** Binds a CloudEvents type to its topic and its payload class (validated on both sides). */
export interface EventContract<T extends object = object> {
  /** `parcelstream.<entity>.<verb>.v<N>` */
  readonly type: string;
  readonly topic: Topic;
  readonly payload: new () => T;
}

export function defineEvent<T extends object>(type: string, topic: Topic, payload: new () => T): EventContract<T> {
  if (!/^parcelstream\.[a-z-]+(\.[a-z-]+)+\.v\d+$/.test(type)) throw new Error(`bad event type ${type}`);
  return Object.freeze({ type, topic, payload });
}
