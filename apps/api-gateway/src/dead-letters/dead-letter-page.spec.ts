import { decodeCursor, encodeCursor, fetchSize, firstPositions, InvalidCursorError, mergePages, type DeadLetterItem, type Positions, type ServicePage, unseen } from './dead-letter-page';

/** A service's newest-first list with cursors that are offsets, as a stand-in for the real ones (opaque to the merge). */
const serviceList = (prefix: string, times: number[]) => {
  const items: DeadLetterItem[] = times
    .map((t, i) => ({ id: `${prefix}:${String(i).padStart(4, '0')}`, failedAt: new Date(t * 1000).toISOString() }))
    .sort((a, b) => Date.parse(b.failedAt) - Date.parse(a.failedAt) || (a.id < b.id ? 1 : -1));
  return {
    items,
    page(cursor: string | null, limit: number): ServicePage {
      const from = cursor === null ? 0 : Number(cursor);
      const slice = items.slice(from, from + limit);
      return { items: slice, nextCursor: from + limit < items.length ? String(from + limit) : null };
    },
  };
};

/** Walks the merged list to its end the way the gateway does, page by page through encoded cursors. */
const walk = (lists: Record<string, ReturnType<typeof serviceList>>, limit: number) => {
  const names = Object.keys(lists);
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const positions: Positions = decodeCursor(cursor, names);
    const fetched: Parameters<typeof mergePages>[1] = {};
    for (const s of names) {
      let position = positions[s];
      if (position === null) continue;
      let page = lists[s].page(position.cursor, fetchSize(position, limit));
      // as the use case does: walk past pages holding nothing unseen
      while (page.nextCursor !== null && unseen(page, position).length === 0) {
        position = { cursor: page.nextCursor, shown: 0, last: position.last };
        page = lists[s].page(position.cursor, fetchSize(position, limit));
      }
      fetched[s] = { page, position };
    }
    const { items, positions: after } = mergePages(limit, fetched);
    for (const s of names) if (!(s in fetched)) after[s] = null;
    expect(items.length).toBeLessThanOrEqual(limit);
    seen.push(...items.map((i) => i.id));
    const next = encodeCursor(after);
    if (next === null) return seen;
    expect(items.length).toBeGreaterThan(0); // every page makes progress
    cursor = next;
  }
  throw new Error('did not end');
};

const expected = (lists: Record<string, ReturnType<typeof serviceList>>) =>
  Object.values(lists)
    .flatMap((l) => l.items)
    .sort((a, b) => Date.parse(b.failedAt) - Date.parse(a.failedAt) || (a.id < b.id ? 1 : -1))
    .map((i) => i.id);

describe('merging the services’ dead-letter lists', () => {
  it('gives every item once, newest first, across pages, for lists of every size and interleaving', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 60; round++) {
      const lists = {
        'order-service': serviceList('orders', Array.from({ length: rnd(40) }, () => rnd(50))),
        'shipment-service': serviceList('shipments', Array.from({ length: rnd(260) }, () => rnd(500))),
        'carrier-sync-service': serviceList('carrier-sync', Array.from({ length: rnd(5) }, () => rnd(500))),
        'tracking-service': serviceList('tracking', []),
      };
      const limit = 1 + rnd(100);
      expect({ round, limit, ids: walk(lists, limit) }).toEqual({ round, limit, ids: expected(lists) });
    }
  });

  it('stops a page early rather than show an item out of order when a service has nothing left in hand', () => {
    const fetched = {
      a: { page: { items: [{ id: 'a:1', failedAt: '2026-01-01T00:00:10Z' }], nextCursor: 'more' }, position: { cursor: null, shown: 0, last: null } },
      b: { page: { items: [{ id: 'b:1', failedAt: '2026-01-01T00:00:05Z' }], nextCursor: null }, position: { cursor: null, shown: 0, last: null } },
    };
    const { items, positions } = mergePages(10, fetched);
    expect(items.map((i) => i.id)).toEqual(['a:1']); // a's next could be newer than b:1
    expect(positions).toEqual({ a: { cursor: 'more', shown: 0, last: { id: 'a:1', failedAt: '2026-01-01T00:00:10Z' } }, b: { cursor: null, shown: 0, last: null } });
  });

  it('compares times across UTC offsets, not as strings', () => {
    const fetched = {
      a: { page: { items: [{ id: 'a:1', failedAt: '2026-01-01T08:00:00+08:00' }], nextCursor: null }, position: { cursor: null, shown: 0, last: null } },
      b: { page: { items: [{ id: 'b:1', failedAt: '2026-01-01T01:00:00Z' }], nextCursor: null }, position: { cursor: null, shown: 0, last: null } },
    };
    expect(mergePages(10, fetched).items.map((i) => i.id)).toEqual(['b:1', 'a:1']);
  });

  it('ends with a null cursor and refuses cursors it did not give', () => {
    expect(encodeCursor({ a: null, b: null })).toBeNull();
    const names = ['a', 'b'];
    const c = encodeCursor({ a: { cursor: 'x', shown: 3, last: { id: 'a:1', failedAt: '2026-01-01T00:00:00Z' } }, b: null })!;
    expect(decodeCursor(c, names)).toEqual({ a: { cursor: 'x', shown: 3, last: { id: 'a:1', failedAt: '2026-01-01T00:00:00Z' } }, b: null });
    expect(decodeCursor(undefined, names)).toEqual(firstPositions(names));
    for (const bad of ['!!!', Buffer.from('{"v":2,"p":{}}').toString('base64url'), Buffer.from('{"v":1,"p":{"a":{"cursor":1,"shown":0,"last":null}}}').toString('base64url'), Buffer.from('{"v":1,"p":{"a":{"cursor":null,"shown":-1,"last":null}}}').toString('base64url')]) {
      expect(() => decodeCursor(bad, names)).toThrow(InvalidCursorError);
    }
  });
});
