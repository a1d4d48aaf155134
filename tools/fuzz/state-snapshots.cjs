'use strict';
/**
 * "No state change from a refused request", measured in the database (as the admin role): a snapshot is
 * every row of every service table — its primary key, a hash of its content and its `xmin` (the
 * transaction that wrote it). Two snapshots around requests that were all refused must be equal, except
 * for what the platform writes on its own while they run:
 *  - rows written by a consumer transaction (one that also wrote an inbox row: the inbox entry and the
 *    effect commit together), i.e. the asynchronous effects of earlier accepted requests, or of other
 *    producers on a shared broker. Events a refused request would have caused are caught on Kafka instead
 *    (kafka-trace.cjs);
 *  - new dead letters (only consumers write them);
 *  - carrier-sync's archive of refused webhook deliveries (`raw_payloads` rows with outcome REJECTED, at
 *    most one per refused webhook request): kept for ops by design, body capped.
 * The outbox tables (rows live until published; relay leases and heartbeats) and the inbox are not compared.
 */

const NOT_COMPARED = new Set(['outbox', 'outbox_lease', 'outbox_relay', 'inbox']);

/** @returns {Promise<{ schema: string, table: string, key: string[] }[]>} */
async function tablesOf(client, schemas) {
  const { rows } = await client.query(
    `SELECT n.nspname AS schema, c.relname AS table,
            coalesce((SELECT array_agg(a.attname::text ORDER BY k.ord)
                        FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                       WHERE i.indrelid = c.oid AND i.indisprimary), '{}') AS key
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
      ORDER BY 1, 2`,
    [schemas],
  );
  return rows.filter((r) => !NOT_COMPARED.has(r.table));
}

const ident = (s) => `"${s.replace(/"/g, '""')}"`;

/** @returns {Promise<Map<string, { h: string, x: string }>>} keyed `table\0primary key` */
async function snapshotSchema(client, schema, tables) {
  const mine = tables.filter((t) => t.schema === schema);
  if (mine.length === 0) return new Map();
  const sql = mine
    .map((t) => {
      const key = t.key.length ? `json_build_array(${t.key.map((k) => `r.${ident(k)}`).join(', ')})::text` : 'md5(r::text)';
      return `SELECT ${`'${t.table}'`} AS t, ${key} AS k, md5(r::text) AS h, r.xmin::text AS x FROM ${ident(schema)}.${ident(t.table)} r`;
    })
    .join('\nUNION ALL\n');
  const { rows } = await client.query(sql);
  const snap = new Map();
  for (const r of rows) snap.set(`${r.t}\u0000${r.k}`, { h: r.h, x: r.x });
  return snap;
}

/** rows added, changed and removed between two snapshots of one schema */
function diffSnapshots(before, after) {
  const diff = { added: [], changed: [], removed: [] };
  for (const [id, row] of after) {
    const old = before.get(id);
    const [table, key] = id.split('\u0000');
    if (!old) diff.added.push({ table, key, xmin: row.x });
    else if (old.h !== row.h) diff.changed.push({ table, key, xmin: row.x });
  }
  for (const id of before.keys()) {
    if (!after.has(id)) {
      const [table, key] = id.split('\u0000');
      diff.removed.push({ table, key });
    }
  }
  return diff;
}

const isEmpty = (d) => d.added.length + d.changed.length + d.removed.length === 0;

/** the transactions among `xids` that wrote inbox rows of `schema` (consumer transactions) */
async function consumerTransactions(client, schema, xids) {
  if (xids.length === 0) return new Set();
  const { rows } = await client.query(`SELECT DISTINCT xmin::text AS x FROM ${ident(schema)}.inbox WHERE xmin::text = ANY($1)`, [xids]);
  return new Set(rows.map((r) => r.x));
}

/** outcomes of the raw_payloads rows with these keys (json arrays of the id) */
async function rawPayloadOutcomes(client, schema, keys) {
  if (keys.length === 0) return new Map();
  const ids = keys.map((k) => JSON.parse(k)[0]);
  const { rows } = await client.query(`SELECT id::text AS id, outcome FROM ${ident(schema)}.raw_payloads WHERE id = ANY($1::bigint[])`, [ids]);
  return new Map(rows.map((r) => [JSON.stringify([Number(r.id)]), r.outcome]));
}

/**
 * What in `diff` no refused request may have done. Pure: the consumer transactions, the outcomes of new
 * raw_payloads rows and how many refused webhook requests there were are given.
 * @returns {string[]} one line per unexplained change
 */
function unexplainedChanges(schema, diff, { consumerXids, rawOutcomes = new Map(), refusedWebhooks = 0 }) {
  const out = [];
  let rejectedArchived = 0;
  for (const row of diff.added) {
    if (consumerXids.has(row.xmin)) continue;
    if (row.table === 'dead_letter') continue;
    if (row.table === 'raw_payloads' && rawOutcomes.get(row.key) === 'REJECTED') {
      rejectedArchived++;
      if (rejectedArchived <= refusedWebhooks) continue;
    }
    out.push(`${schema}.${row.table}: row ${row.key} added`);
  }
  for (const row of diff.changed) {
    if (consumerXids.has(row.xmin)) continue;
    out.push(`${schema}.${row.table}: row ${row.key} changed`);
  }
  for (const row of diff.removed) out.push(`${schema}.${row.table}: row ${row.key} removed`);
  return out;
}

/** Snapshots kept per schema; `check` re-reads the given schemas and explains what changed since. */
class StateWatch {
  constructor(client, schemas) {
    this.client = client;
    this.schemas = schemas;
    this.current = new Map();
  }

  async init() {
    this.tables = await tablesOf(this.client, this.schemas);
    for (const s of this.schemas) this.current.set(s, await snapshotSchema(this.client, s, this.tables));
  }

  /**
   * Re-snapshots `schemas`; when `refusedOnly`, returns the unexplained changes since the last snapshot.
   * The new snapshot becomes the baseline either way.
   */
  async check(schemas, { refusedOnly, refusedWebhooks = 0 }) {
    const problems = [];
    for (const s of schemas) {
      const after = await snapshotSchema(this.client, s, this.tables);
      if (refusedOnly) {
        const diff = diffSnapshots(this.current.get(s), after);
        if (!isEmpty(diff)) {
          const xids = [...new Set([...diff.added, ...diff.changed].map((r) => r.xmin))];
          const consumerXids = await consumerTransactions(this.client, s, xids);
          const rawKeys = diff.added.filter((r) => r.table === 'raw_payloads').map((r) => r.key);
          const rawOutcomes = await rawPayloadOutcomes(this.client, s, rawKeys);
          problems.push(...unexplainedChanges(s, diff, { consumerXids, rawOutcomes, refusedWebhooks }));
        }
      }
      this.current.set(s, after);
    }
    return problems;
  }

  rowCount() {
    let n = 0;
    for (const snap of this.current.values()) n += snap.size;
    return n;
  }
}

module.exports = { StateWatch, diffSnapshots, unexplainedChanges, tablesOf, snapshotSchema, NOT_COMPARED };
