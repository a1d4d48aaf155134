import { LookupBatches } from './lookup-batches';

/** a run whose queries the test finishes by hand */
function manualRun() {
  const queries: { lookups: number[]; finish: (fail?: Error) => void }[] = [];
  const run = (lookups: number[]) =>
    new Promise<string[]>((resolve, reject) => queries.push({ lookups, finish: (fail) => (fail ? reject(fail) : resolve(lookups.map((n) => `view ${n}`))) }));
  return { queries, run };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LookupBatches', () => {
  it('sends a lookup at once while fewer than maxInFlight queries run; those arriving meanwhile go together, up to maxBatch a query', async () => {
    const { queries, run } = manualRun();
    const batches = new LookupBatches(run, 2, 3);
    const answers = [1, 2, 3, 4, 5, 6, 7].map((n) => batches.lookup(n));
    expect(queries.map((q) => q.lookups)).toEqual([[1], [2]]);
    queries[0].finish();
    await settle();
    expect(queries.map((q) => q.lookups)).toEqual([[1], [2], [3, 4, 5]]);
    queries[1].finish();
    await settle();
    expect(queries.map((q) => q.lookups)).toEqual([[1], [2], [3, 4, 5], [6, 7]]);
    queries[2].finish();
    queries[3].finish();
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `view ${n}`));
  });

  it('a failed query fails only the lookups it carried; the next query goes out', async () => {
    const { queries, run } = manualRun();
    const batches = new LookupBatches(run, 1, 10);
    const first = batches.lookup(1);
    const [second, third] = [batches.lookup(2), batches.lookup(3)];
    queries[0].finish(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settle();
    expect(queries[1].lookups).toEqual([2, 3]);
    queries[1].finish();
    expect(await Promise.all([second, third])).toEqual(['view 2', 'view 3']);
  });

  it('a run that throws instead of rejecting fails its lookups too, and frees its slot', async () => {
    let calls = 0;
    const batches = new LookupBatches<number, number>((lookups) => {
      if (calls++ === 0) throw new Error('bad statement');
      return Promise.resolve(lookups.map((n) => n * 10));
    }, 1, 10);
    await expect(batches.lookup(1)).rejects.toThrow('bad statement');
    expect(await batches.lookup(2)).toBe(20);
  });
});
