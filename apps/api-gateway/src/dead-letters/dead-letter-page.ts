/**
 * Merging the services' dead-letter lists into one, newest first, with a cursor that is the position in each.
 *
 * The contract every service's internal API keeps (`GET /ops/dead-letters?limit=&cursor=`): `{ items, nextCursor }`,
 * items newest first, each with a globally unique `id` prefixed by its service (`orders:<uuid>`) and `failedAt`
 * (ISO-8601). Services' cursors are opaque here; the gateway's cursor is base64url JSON of, per service, the
 * cursor of the page it is inside, how many of that page were shown, and the last one shown.
 */

export interface DeadLetterItem {
  id: string;
  failedAt: string;
  [field: string]: unknown;
}

export interface ServicePage {
  items: DeadLetterItem[];
  nextCursor: string | null;
}

/** Where one service's list stands: inside the page at `cursor`, `shown` of it shown, the last shown `last`. */
export interface ServicePosition {
  cursor: string | null;
  shown: number;
  last: { failedAt: string; id: string } | null;
}

/** `null`: the service's list is exhausted. */
export type Positions = Record<string, ServicePosition | null>;

/** The largest page a service's list gives (its `?limit=` maximum). */
export const SERVICE_PAGE_MAX = 100;

export class InvalidCursorError extends Error {}

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

/** Newest first; equal times by id, descending. Negative when `a` comes first. */
export function newestFirst(a: { failedAt: string; id: string }, b: { failedAt: string; id: string }): number {
  return time(b.failedAt) - time(a.failedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function firstPositions(services: readonly string[]): Positions {
  return Object.fromEntries(services.map((s) => [s, { cursor: null, shown: 0, last: null }]));
}

/** How many items to ask a service for, so that `limit` are left after the ones already shown. */
export function fetchSize(position: ServicePosition, limit: number): number {
  return Math.min(SERVICE_PAGE_MAX, position.shown + limit);
}

/** A fetched page minus what was shown already (by sort key, so items that arrived or left meanwhile do not shift it). */
export function unseen(page: ServicePage, position: ServicePosition): DeadLetterItem[] {
  const last = position.last;
  return last ? page.items.filter((i) => newestFirst(i, last) > 0) : page.items;
}

/**
 * k-way merge of the services' unseen items, newest first, at most `limit`. It stops early when a service
 * whose list goes on beyond the fetched page has nothing left in hand: its next item could be newer than
 * anything else still in hand.
 */
export function mergePages(
  limit: number,
  fetched: Record<string, { page: ServicePage; position: ServicePosition }>,
): { items: DeadLetterItem[]; positions: Positions } {
  const services = Object.keys(fetched);
  const queues = Object.fromEntries(services.map((s) => [s, unseen(fetched[s].page, fetched[s].position)]));
  const taken = Object.fromEntries(services.map((s) => [s, 0]));
  const items: DeadLetterItem[] = [];
  while (items.length < limit) {
    let next: string | undefined;
    let blocked = false;
    for (const s of services) {
      if (taken[s] >= queues[s].length) {
        if (fetched[s].page.nextCursor !== null) blocked = true;
        continue;
      }
      if (next === undefined || newestFirst(queues[s][taken[s]], queues[next][taken[next]]) < 0) next = s;
    }
    if (blocked || next === undefined) break;
    items.push(queues[next][taken[next]]);
    taken[next] += 1;
  }
  const positions: Positions = {};
  for (const s of services) {
    const { page, position } = fetched[s];
    const lastTaken = taken[s] > 0 ? queues[s][taken[s] - 1] : undefined;
    const last = lastTaken ? { failedAt: lastTaken.failedAt, id: lastTaken.id } : position.last;
    if (taken[s] === queues[s].length) {
      // everything fetched from this service is shown: on to its next page, or it is done
      positions[s] = page.nextCursor === null ? null : { cursor: page.nextCursor, shown: 0, last };
    } else {
      const shown = last ? page.items.filter((i) => newestFirst(i, last) <= 0).length : 0;
      positions[s] = { cursor: position.cursor, shown, last };
    }
  }
  return { items, positions };
}

export function encodeCursor(positions: Positions): string | null {
  if (Object.values(positions).every((p) => p === null)) return null;
  return Buffer.from(JSON.stringify({ v: 1, p: positions }), 'utf8').toString('base64url');
}

/** The gateway's cursor back to positions; every service it does not name starts at its beginning. */
export function decodeCursor(cursor: string | undefined, services: readonly string[]): Positions {
  const positions = firstPositions(services);
  if (cursor === undefined) return positions;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('the cursor is not one this list gave');
  }
  const p = (decoded as { v?: unknown; p?: unknown } | null)?.p;
  if ((decoded as { v?: unknown } | null)?.v !== 1 || typeof p !== 'object' || p === null) throw new InvalidCursorError('the cursor is not one this list gave');
  for (const s of services) {
    const value = (p as Record<string, unknown>)[s];
    if (value === undefined) continue;
    if (value === null) {
      positions[s] = null;
      continue;
    }
    if (!isPosition(value)) throw new InvalidCursorError('the cursor is not one this list gave');
    positions[s] = value;
  }
  return positions;
}

function isPosition(v: unknown): v is ServicePosition {
  if (typeof v !== 'object' || v === null) return false;
  const { cursor, shown, last } = v as Record<string, unknown>;
  if (!(cursor === null || (typeof cursor === 'string' && cursor.length <= 1000))) return false;
  if (!(Number.isInteger(shown) && (shown as number) >= 0 && (shown as number) <= SERVICE_PAGE_MAX)) return false;
  if (last === null) return true;
  if (typeof last !== 'object' || last === undefined) return false;
  const { failedAt, id } = last as Record<string, unknown>;
  return typeof failedAt === 'string' && typeof id === 'string' && failedAt.length <= 64 && id.length <= 300;
}
