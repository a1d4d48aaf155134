'use strict';
/**
 * What every answer is checked for: a 5xx; an error that is not an RFC 9457 problem; a stack trace, an
 * internal path or address, a SQL fragment, or another user's data in the body. Text the request itself
 * carried is an echo, not a leak (a tracking lookup repeats its number; a 400 may quote a field).
 */

/** @returns {string | undefined} what is wrong with an error answer as an RFC 9457 problem */
function problemDefect(answer, method) {
  const type = String(answer.headers['content-type'] ?? '');
  if (!/^application\/problem\+json\b/i.test(type)) return `content-type ${JSON.stringify(type || '(none)')}, not application/problem+json`;
  if (method === 'HEAD') return undefined;
  let p;
  try {
    p = JSON.parse(answer.body);
  } catch {
    return 'the body is not JSON';
  }
  if (!p || typeof p !== 'object' || Array.isArray(p)) return 'the body is not a JSON object';
  if (typeof p.type !== 'string' || p.type === '') return 'no "type"';
  if (typeof p.title !== 'string' || p.title === '') return 'no "title"';
  if (p.status !== answer.status) return `"status" ${JSON.stringify(p.status)} is not the HTTP status ${answer.status}`;
  if (p.detail !== undefined && typeof p.detail !== 'string') return '"detail" is not a string';
  if (p.instance !== undefined && typeof p.instance !== 'string') return '"instance" is not a string';
  if (p.errors !== undefined) {
    if (!Array.isArray(p.errors)) return '"errors" is not an array';
    const bad = p.errors.find((e) => !e || typeof e.field !== 'string' || typeof e.message !== 'string');
    if (bad !== undefined) return `an "errors" entry is not { field, message }: ${JSON.stringify(bad).slice(0, 120)}`;
  }
  return undefined;
}

const LEAK_PATTERNS = [
  ['stack trace', /\bat (?:async )?[\w.$<>[\] ]+ \((?:\/|node:|webpack:|file:)[^)]*:\d+:\d+\)/],
  ['stack trace', /(?:^|\\n|\n)\s*at (?:\/|node:internal|webpack:)[^\s]*:\d+/],
  ['stack trace', /"stack"\s*:/],
  ['internal path', /(?:\/(?:work|home|root|usr|opt|srv|app)\/[\w.@+-]+\/[\w./@+-]*)/],
  ['internal path', /node_modules|dist\/apps\/|webpack:\/\/|\.(?:ts|js|cjs|mjs):\d+:\d+/],
  ['internal address', /\b(?:127\.0\.0\.1|localhost|0\.0\.0\.0):\d{2,5}\b|ECONNREFUSED|ECONNRESET|ETIMEDOUT/],
  ['database credentials', /postgres(?:ql)?:\/\/|\b(?:orders|shipments|carrier_sync|tracking)_svc\b/],
  ['SQL fragment', /\bSELECT\s+(?:\*|[\w".]+(?:\s*,\s*[\w".]+)*)\s+FROM\s+[\w".]+|\bINSERT\s+INTO\s+[\w".]+|\bUPDATE\s+[\w".]+\s+SET\b|\bDELETE\s+FROM\s+[\w".]+|\bON\s+CONFLICT\b|\bRETURNING\s+[\w"*]+/i],
  [
    'SQL error',
    /syntax error at or near|violates (?:unique|foreign key|check|not-null) constraint|duplicate key value|relation "[^"]+" does not exist|column "[^"]+" (?:does not exist|of relation)|invalid input syntax for type|out of range for type|value too long for type|current transaction is aborted|unterminated quoted string|QueryFailedError|TypeORMError|\bSQLSTATE\b|pg_catalog|\bxid8\b/i,
  ],
];

/** the request as text, in every form an echo could take (decoded path, raw path, body, header values) */
function requestText(req) {
  const parts = [req.path, safeDecode(req.path), safeDecode(safeDecode(req.path)), req.body ? req.body.toString('utf8') : '', ...Object.values(req.headers ?? {}).map(String)];
  const body = req.body ? req.body.toString('utf8') : '';
  try {
    parts.push(JSON.stringify(JSON.parse(body))); // the same strings, as JSON writes them back
  } catch {
    /* not JSON */
  }
  return parts.join('\n').toLowerCase();
}

/** percent-decoding that keeps what it cannot decode (`%zz`, a lone `%`) and decodes the rest, run by run */
function safeDecode(s) {
  return String(s).replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Leaks of internals: each pattern's match, unless the request itself contained it. */
function internalLeaks(body, reqText) {
  const found = [];
  for (const [kind, pattern] of LEAK_PATTERNS) {
    const m = pattern.exec(body);
    if (!m) continue;
    if (reqText.includes(m[0].toLowerCase())) continue; // an echo of the request
    // a JSON-escaped echo (\u0000, \") of the same text
    let unescaped = m[0];
    try {
      unescaped = JSON.parse(`"${m[0].replace(/"/g, '\\"')}"`);
    } catch {
      /* keep it */
    }
    if (reqText.includes(String(unescaped).toLowerCase())) continue;
    found.push(`${kind}: ${JSON.stringify(m[0].slice(0, 120))}`);
  }
  return found;
}

/**
 * Values owned by someone: seed data and what the run created (order numbers, ids, waybills, names,
 * account numbers), each with who may see it. Ops sees everything.
 */
class OwnedValues {
  constructor() {
    /** @type {Map<string, { kind: string, viewers: Set<string> }>} */
    this.values = new Map();
    /** literal values found by substring (names, streets, subjects, account numbers) */
    this.literals = [];
  }

  add(value, kind, viewers, { literal = false } = {}) {
    if (typeof value !== 'string' || value.length < 6) return;
    const known = this.values.get(value);
    if (known) {
      for (const v of viewers) known.viewers.add(v);
      return;
    }
    this.values.set(value, { kind, viewers: new Set(viewers) });
    if (literal) this.literals.push(value);
  }

  viewersOf(value) {
    return this.values.get(value)?.viewers;
  }

  /** owned values in `text`: order numbers, UUIDs and UPU S10 waybills by their shape, the rest literally */
  find(text) {
    const hits = new Set();
    for (const re of [/PS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, /[A-Z]{2}\d{9}[A-Z]{2}/g]) {
      for (const m of text.matchAll(re)) if (this.values.has(m[0])) hits.add(m[0]);
    }
    for (const l of this.literals) if (text.includes(l)) hits.add(l);
    return [...hits].map((value) => ({ value, ...this.values.get(value) }));
  }
}

/** Someone else's values in an answer to `viewer` that the request did not name itself. */
function foreignData(body, reqText, viewer, owned) {
  if (viewer === 'ops') return [];
  return owned
    .find(body)
    .filter((hit) => !hit.viewers.has(viewer) && !reqText.includes(hit.value.toLowerCase()))
    .map((hit) => `another user's ${hit.kind}: ${JSON.stringify(hit.value)}`);
}

/**
 * @param {{ plan: { method: string, mustRefuse: boolean, viewer: string }, req: object, answer: object, owned: OwnedValues }} o
 * @returns {{ kind: '5xx' | 'leak' | 'problem' | 'accepted' | 'no answer', detail: string }[]}
 */
function checkAnswer({ plan, req, answer, owned }) {
  if (answer.error) return answer.unsendable ? [] : [{ kind: 'no answer', detail: answer.error }];
  const findings = [];
  if (answer.status >= 500) findings.push({ kind: '5xx', detail: `${answer.status} ${answer.body.slice(0, 200)}` });
  if (answer.status >= 400) {
    const defect = problemDefect(answer, plan.method);
    if (defect) findings.push({ kind: 'problem', detail: `${answer.status}: ${defect}` });
  }
  const reqText = requestText(req);
  const headerText = Object.entries(answer.headers)
    .filter(([k]) => !['date', 'etag', 'content-length', 'keep-alive', 'connection'].includes(k))
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  const text = `${headerText}\n${answer.body}`;
  for (const leak of [...internalLeaks(text, reqText), ...foreignData(text, reqText, plan.viewer, owned)]) findings.push({ kind: 'leak', detail: leak });
  if (plan.mustRefuse && answer.status < 400) findings.push({ kind: 'accepted', detail: `${answer.status} for a request that must be refused (${plan.why})` });
  return findings;
}

module.exports = { checkAnswer, problemDefect, internalLeaks, foreignData, requestText, safeDecode, OwnedValues };
