'use strict';
/**
 * Events on Kafka, traced back to the request that caused them. Every fuzz request carries a W3C
 * `traceparent` whose trace id is `<run id><request number>`; the services continue the trace into the
 * outbox headers of every event they write, and consumers continue it into the events they write in turn.
 * An observer (a consumer group of its own, no offsets committed) reads the platform's topics from where
 * they stood at the start and keeps the events of this run's traces: an event traced to a refused request
 * is a state change.
 */
const { Kafka, logLevel } = require('kafkajs');

const { PLATFORM_TOPICS } = require('./platform.cjs');

const traceId = (runHex, n) => `${runHex}${n.toString(16).padStart(32 - runHex.length, '0')}`;

class KafkaTrace {
  /** @param {{ brokers: string[], runHex: string, topics?: string[] }} o */
  constructor({ brokers, runHex, topics = PLATFORM_TOPICS }) {
    this.runHex = runHex;
    this.wanted = topics;
    this.kafka = new Kafka({ clientId: `fuzz-observer-${runHex}`, brokers, logLevel: logLevel.NOTHING });
    /** @type {Map<number, { topic: string, type: string }[]>} request number → its events */
    this.byRequest = new Map();
    this.positions = new Map();
    this.seen = 0;
  }

  /** the traceparent header for request `n` of this run */
  traceparent(n) {
    return `00-${traceId(this.runHex, n)}-${(n + 1).toString(16).padStart(16, '0')}-01`;
  }

  async start() {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const existing = new Set(await this.admin.listTopics());
    this.topics = this.wanted.filter((t) => existing.has(t));
    const start = new Map();
    for (const topic of this.topics) for (const p of await this.admin.fetchTopicOffsets(topic)) start.set(`${topic}:${p.partition}`, p.high);
    this.consumer = this.kafka.consumer({ groupId: `fuzz-observer-${this.runHex}`, sessionTimeout: 30_000 });
    await this.consumer.connect();
    const joined = new Promise((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, resolve));
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        this.positions.set(`${topic}:${partition}`, Number(message.offset) + 1);
        this.seen++;
        const tp = message.headers?.traceparent?.toString();
        const m = tp && /^00-([0-9a-f]{32})-/.exec(tp);
        if (!m || !m[1].startsWith(this.runHex)) return;
        const n = parseInt(m[1].slice(this.runHex.length), 16);
        const list = this.byRequest.get(n) ?? [];
        list.push({ topic, type: message.headers?.ce_type?.toString() ?? '?' });
        this.byRequest.set(n, list);
      },
    });
    for (const [tp, offset] of start) {
      const [topic, partition] = [tp.slice(0, tp.lastIndexOf(':')), Number(tp.slice(tp.lastIndexOf(':') + 1))];
      this.consumer.seek({ topic, partition, offset });
      this.positions.set(tp, Number(offset));
    }
    await joined;
  }

  /** Waits until the observer has read everything now on the topics. */
  async catchUp(timeoutMs = 60_000) {
    const targets = new Map();
    for (const topic of this.topics) for (const p of await this.admin.fetchTopicOffsets(topic)) targets.set(`${topic}:${p.partition}`, Number(p.high));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind = [...targets].filter(([tp, high]) => (this.positions.get(tp) ?? 0) < high);
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`the Kafka observer is still behind on ${behind.map(([tp]) => tp).join(', ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  eventsOf(n) {
    return this.byRequest.get(n) ?? [];
  }

  /** Leaves the group (it committed nothing) and deletes it. */
  async stop() {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.deleteGroups([`fuzz-observer-${this.runHex}`]).catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}

module.exports = { KafkaTrace };
