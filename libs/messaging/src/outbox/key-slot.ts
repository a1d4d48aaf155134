import { OUTBOX_SLOTS } from '../schema/messaging-tables';

/**
 * The outbox slot of a message key (FNV-1a 32-bit). One key always lands in one slot, and one slot is
 * published by one relay at a time, so a key's messages keep their order with several relays running.
 */
export function slotOfKey(key: string, slots = OUTBOX_SLOTS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % slots;
}
