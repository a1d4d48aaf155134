'use strict';
/**
 * Sends plans and judges the answers. Plans that must change nothing (reads, and writes that must be
 * refused) go in batches, several at a time, with a database snapshot of every service before and after;
 * writes that may be accepted go one at a time, with a snapshot of the service that answers them (the
 * only schema a request writes synchronously), so that each refused one is checked too. Answers to
 * accepted creations teach the checks who owns what.
 */
/** percent-encoding that takes any string (a lone surrogate becomes U+FFFD) */
const enc = (s) => encodeURIComponent(String(s).toWellFormed());
const { randomUUID } = require('node:crypto');
const { send, sendRaw } = require('./http-client.cjs');
const { checkAnswer } = require('./response-checks.cjs');
const { signatureHeaders, refreshTimestamps } = require('./webhook-bodies.cjs');
const { forgedCallerHeader, WRITES } = require('./request-plans.cjs');
const { jsonOf } = require('./seed.cjs');

const SAFE = (plan) => !WRITES.has(plan.method) || plan.mustRefuse;

class PlanRunner {
  /**
   * @param {{ gatewayUrl: string, callers: object, world: object, owned: import('./response-checks.cjs').OwnedValues, state: import('./state-snapshots.cjs').StateWatch, trace: import('./kafka-trace.cjs').KafkaTrace, concurrency: number }} o
   */
  constructor(o) {
    Object.assign(this, o);
    this.results = [];
    this.pools = { orderNumber: [], shipmentId: [], trackingNumber: [] };
    this.stateProblems = [];
    this.stateChecked = 0;
    this.stateUnchecked = 0;
    this.snapshots = 0;
    this.ownedSeen = 0;
  }

  viewerOf(callerName) {
    if (callerName.startsWith('tampered')) return 'nobody';
    if (callerName === 'empty authorization') return 'anonymous';
    return callerName;
  }

  /** the concrete request of a plan (created objects picked now, signatures computed now) */
  materialise(plan, n) {
    const values = plan.segments.map((s) => {
      if (s.kind !== 'created') return s.wire;
      const pool = this.pools[s.pool];
      return enc(pool.length ? pool[s.pick % pool.length] : `none-yet-${s.pool}`);
    });
    let i = 0;
    const path = plan.rawPath ?? `${plan.pathTemplate.replace(/\{[^}]+\}/g, () => values[i++])}${plan.query}`;
    const headers = { ...plan.headers, traceparent: this.trace.traceparent(n) };
    const authorization = plan.callerName === 'empty authorization' ? '' : this.callers.headers[plan.callerName];
    if (authorization !== undefined) headers.authorization = authorization;
    if (plan.forgedCaller) headers['x-parcelstream-caller'] = forgedCallerHeader();
    let body;
    if (plan.body !== undefined) {
      const carrierCode = plan.segments[0]?.value;
      const text = plan.signing ? refreshTimestamps(carrierCode, plan.body, plan.signing) : plan.body;
      body = Buffer.from(text, text.includes('\u00ff\u00fe') ? 'latin1' : 'utf8');
      if (plan.signing) Object.assign(headers, signatureHeaders(carrierCode, body, plan.signing, `fuzz-${randomUUID()}`));
      // said explicitly: Node's client would send a DELETE's or HEAD's body with no length at all
      if (!/chunked/i.test(headers['transfer-encoding'] ?? '')) headers['content-length'] = String(body.length);
    }
    return { method: plan.method, path, headers, body };
  }

  async runOne(plan, n) {
    const req = plan.raw ? { method: plan.method, path: '(raw)', headers: {}, body: Buffer.from(plan.raw, 'latin1') } : this.materialise(plan, n);
    const started = Date.now();
    const answer = plan.raw ? await sendRaw(this.gatewayUrl, req.body) : await send(this.gatewayUrl, req);
    const ms = Date.now() - started;
    const viewer = this.viewerOf(plan.callerName);
    const findings = checkAnswer({ plan: { ...plan, viewer }, req, answer, owned: this.owned });
    // the leak check is not blind: owned values it recognises in answers to those allowed to see them
    if (answer.body && answer.status < 300) this.ownedSeen += this.owned.find(answer.body).filter((hit) => viewer === 'ops' || hit.viewers.has(viewer)).length;
    const shownHeaders = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v).slice(0, 120)]));
    const result = { n, plan, req: { method: req.method, path: req.path.slice(0, 300), headers: shownHeaders, body: req.body?.toString('utf8').slice(0, 300) }, status: answer.status, error: answer.error, unsent: Boolean(answer.unsendable), ms, findings, body: (answer.body ?? '').slice(0, 400) };
    this.results.push(result);
    if (answer.status >= 200 && answer.status < 300) this.learn(plan, req, answer);
    return result;
  }

  /** who owns what an accepted request created */
  learn(plan, req, answer) {
    const body = jsonOf(answer);
    if (!body || typeof body !== 'object') return;
    const sellerName = (sellerId) => ['sellerA', 'sellerB'].find((s) => this.callers.identities[s].sellerId === sellerId);
    if (plan.op === 'POST /v1/orders' && plan.method === 'POST' && answer.status === 201 && body.orderNumber) {
      let sent;
      try {
        sent = JSON.parse(req.body.toString('utf8'));
      } catch {
        sent = {};
      }
      const viewers = [plan.callerName, sellerName(sent.sellerId)].filter(Boolean);
      this.owned.add(body.orderNumber, 'order number', viewers);
      for (const id of answer.body.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? []) this.owned.add(id, 'order id', viewers);
      const buyerSub = this.callers.identities[plan.callerName]?.sub;
      if (buyerSub) this.owned.add(buyerSub, 'buyer id', viewers, { literal: true });
      this.pools.orderNumber.push(body.orderNumber);
    }
    if (plan.op === 'POST /v1/orders/{orderNumber}/shipments' && plan.method === 'POST' && answer.status === 201 && body.shipmentId) {
      const orderNumber = decodeURIComponent(req.path.split('/')[3] ?? '');
      const viewers = [...(this.owned.viewersOf(orderNumber) ?? []), plan.callerName];
      this.owned.add(body.shipmentId, 'shipment id', viewers);
      if (body.trackingNumber) {
        this.owned.add(body.trackingNumber, 'waybill', viewers);
        this.pools.trackingNumber.push(body.trackingNumber);
      }
      this.pools.shipmentId.push(body.shipmentId);
    }
    if (plan.op === 'PUT /v1/sellers/me/logistics-partners/{carrierCode}' && plan.method === 'PUT' && answer.status === 200 && typeof body.accountNumber === 'string') {
      this.owned.add(body.accountNumber, 'account number', [plan.callerName], { literal: true });
    }
  }

  async runBatch(plans, firstN) {
    const results = new Array(plans.length);
    let next = 0;
    const worker = async () => {
      while (next < plans.length) {
        const i = next++;
        results[i] = await this.runOne(plans[i], firstN + i);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, plans.length) }, worker));
    return results;
  }

  refused = (r) => r.error !== undefined || r.status >= 400;

  async checkState(results, schemas) {
    const writes = results.filter((r) => WRITES.has(r.plan.method) && !r.unsent);
    const refusedOnly = writes.every(this.refused);
    const refusedWebhooks = writes.filter((r) => r.plan.op.startsWith('POST /v1/webhooks') && this.refused(r)).length;
    const problems = await this.state.check(schemas, { refusedOnly, refusedWebhooks });
    this.snapshots++;
    const counted = results.filter((r) => !r.unsent && (this.refused(r) || !WRITES.has(r.plan.method)));
    if (refusedOnly) this.stateChecked += counted.length;
    else this.stateUnchecked += counted.length;
    for (const p of problems) {
      this.stateProblems.push({ change: p, requests: results.map((r) => `#${r.n} ${r.plan.method} ${r.req.path.slice(0, 100)} → ${r.status ?? r.error} (${r.plan.mutation}; ${r.plan.callerName})`) });
    }
  }

  /** Runs every plan: chunks of `chunk`, their safe part in parallel, the rest one at a time. */
  async runAll(plans, { chunk = 40, onProgress = () => undefined } = {}) {
    const all = ['orders', 'shipments', 'carrier_sync', 'tracking'];
    let n = 0;
    for (let i = 0; i < plans.length; i += chunk) {
      const part = plans.slice(i, i + chunk);
      const safe = part.filter(SAFE);
      const open = part.filter((p) => !SAFE(p));
      if (safe.length) {
        const results = await this.runBatch(safe, n);
        n += safe.length;
        await this.checkState(results, all);
      }
      for (const plan of open) {
        const result = await this.runOne(plan, n++);
        await this.checkState([result], plan.targets.length ? plan.targets : all);
      }
      onProgress(Math.min(i + chunk, plans.length));
    }
  }

  /** After the last request: every event on Kafka traced to a request that was refused or only read. */
  tracedStateChanges() {
    const out = [];
    for (const r of this.results) {
      const events = this.trace.eventsOf(r.n);
      if (events.length === 0) continue;
      if (this.refused(r) || !WRITES.has(r.plan.method)) {
        out.push({ change: `${events.length} event(s) on Kafka: ${[...new Set(events.map((e) => e.type))].join(', ')}`, requests: [`#${r.n} ${r.plan.method} ${r.req.path.slice(0, 100)} → ${r.status ?? r.error} (${r.plan.mutation}; ${r.plan.callerName})`] });
      }
    }
    return out;
  }

  tracedEvents() {
    let n = 0;
    for (const r of this.results) n += this.trace.eventsOf(r.n).length;
    return n;
  }
}

module.exports = { PlanRunner };
