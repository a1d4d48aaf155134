import { randomBytes } from 'node:crypto';

/** A topic (or group) name no other test run uses. */
export function uniqueName(prefix: string): string {
  return `test.${prefix}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
