interface Waiting<L, R> {
  lookup: L;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Concurrent lookups share queries. A lookup goes out at once while fewer than `maxInFlight` queries are
 * running; those that arrive meanwhile wait and go together, up to `maxBatch` in the next query. A quiet
 * service therefore answers each lookup with its own query (no added wait), a busy one with one query — one
 * round trip, one write that wakes Postgres, one execution — for many. A failed query fails the lookups it
 * carried, only those.
 */
export class LookupBatches<L, R> {
  private readonly waiting: Waiting<L, R>[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (lookups: L[]) => Promise<R[]>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
  ) {}

  lookup(lookup: L): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ lookup, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      this.send(batch);
    }
  }

  private send(batch: Waiting<L, R>[]): void {
    let query: Promise<R[]>;
    try {
      query = this.run(batch.map((w) => w.lookup));
    } catch (e) {
      query = Promise.reject(e);
    }
    query
      .then(
        (results) => batch.forEach((w, i) => w.resolve(results[i])),
        (e: unknown) => batch.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        this.inFlight--;
        this.pump();
      });
  }
}
