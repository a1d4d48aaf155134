import type { DeadLetter } from '@parcelstream/messaging';
import type { DeadLetterView } from './dead-letter.view';

export const DEAD_LETTER_ID_PREFIX = Symbol('DEAD_LETTER_ID_PREFIX');

/** The prefix of a service's dead-letter ids: its schema with dashes (`carrier_sync` → `carrier-sync`). */
export function deadLetterIdPrefixOf(schema: string): string {
  return schema.replace(/_/g, '-');
}

/** The table's UUID of a public id `<prefix>:<uuid>`; undefined for another service's id or garbage. */
export function localDeadLetterId(prefix: string, publicId: string): string | undefined {
  return publicId.startsWith(`${prefix}:`) ? publicId.slice(prefix.length + 1) : undefined;
}

export function toDeadLetterView(prefix: string, d: DeadLetter): DeadLetterView {
  return {
    id: `${prefix}:${d.id}`,
    consumerGroup: d.consumerGroup,
    originalTopic: d.originalTopic,
    originalPartition: d.originalPartition,
    originalOffset: d.originalOffset,
    key: d.key,
    headers: d.headers,
    payload: d.payload ? d.payload.toString('utf8') : null,
    reason: d.reason,
    lastError: d.lastError,
    attempts: d.attempts,
    failedAt: d.failedAt.toISOString(),
    replayedAt: d.replayedAt ? d.replayedAt.toISOString() : null,
    replayCount: d.replayCount,
  };
}
