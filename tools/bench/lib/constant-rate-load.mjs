/**
 * HTTP load at a constant arrival rate (open loop, the way wrk2 `-R` or k6's constant-arrival-rate work):
 * request i is due at start + i/rate and is sent when due whether or not earlier ones have been answered, over
 * up to `connections` keep-alive connections (a request due while every connection is busy waits for one, and
 * that wait counts). Each latency is measured from the request's DUE time, not from when it went out, so a
 * server (or this generator) that falls behind is charged for it — no coordinated omission.
 *
 * Why not autocannon's `overallRate`: it lets each connection send its share of the second's requests
 * back-to-back as soon as the second begins, then idle — a burst at full speed every second, so its "fixed
 * rate" latencies are those of a saturated server with every connection in flight (p50 ≈ connections ÷ the
 * server's full-speed rate), not of a server receiving 1,000 requests a second.
 *
 * The client is a minimal HTTP/1.1 one on raw sockets (GET only, Content-Length or chunked answers), because
 * it shares the 2 cores with what it measures: node:http's client cost about 0.17 ms of CPU a request here.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const TICK_MS = 1;
const HEADER_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** nearest-rank percentile of sorted values */
const percentile = (sorted, p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]);

/**
 * How far `buf` holds one whole answer: `{ status, length }` (bytes of the answer) once complete, else null.
 * Throws on what is not an HTTP/1.1 answer.
 */
export function completeAnswer(buf) {
  const headEnd = buf.indexOf(HEADER_END);
  if (headEnd < 0) return null;
  const head = buf.toString('latin1', 0, headEnd);
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!status) throw new Error(`not an HTTP answer: ${JSON.stringify(head.slice(0, 60))}`);
  const bodyStart = headEnd + HEADER_END.length;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return buf.length >= end ? { status: Number(status[1]), length: end } : null;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const end = buf.indexOf(CHUNKED_END, bodyStart);
    return end < 0 ? null : { status: Number(status[1]), length: end + CHUNKED_END.length };
  }
  return { status: Number(status[1]), length: bodyStart }; // no body (204, 304)
}

export async function constantRateLoad({ url, pathOf, rate, durationS, connections = 64, headers = {}, timeoutMs = 10_000 }) {
  const target = new URL(url);
  const port = Number(target.port || 80);
  const extraHeaders = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const requestOf = (path) => `GET ${path} HTTP/1.1\r\nhost: ${target.host}\r\naccept: application/json\r\n${extraHeaders}\r\n`;

  const total = Math.max(1, Math.round(rate * durationS));
  const latencies = new Float64Array(total);
  const statusCodes = {};
  const counts = { done: 0, non2xx: 0, errors: 0, timeouts: 0 };
  /** the most the generator itself was late putting a request in the queue (its own event loop), ms */
  let senderLateMs = 0;
  const start = performance.now();
  const dueAt = (i) => start + (i * 1000) / rate;
  let lastDone = start;
  /** due requests waiting for a free connection, oldest first */
  const waiting = [];
  const idle = [];
  let resolveAll;
  const allDone = new Promise((resolve) => (resolveAll = resolve));

  const finish = (i, status, error) => {
    lastDone = performance.now();
    latencies[i] = lastDone - dueAt(i);
    if (error === 'timeout') counts.timeouts++;
    else if (error) counts.errors++;
    else {
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      if (status < 200 || status > 299) counts.non2xx++;
    }
    if (++counts.done === total) resolveAll();
  };

  const connection = () => {
    const c = { socket: null, current: -1, buffer: Buffer.alloc(0), timer: null, idle: false };
    const fail = (error) => {
      clearTimeout(c.timer);
      if (c.current >= 0) finish(c.current, 0, error);
      c.current = -1;
      c.socket?.destroy();
      c.socket = null;
      c.buffer = Buffer.alloc(0);
      if (counts.done < total) {
        connect();
        release(c);
      }
    };
    const connect = () => {
      const socket = net.connect({ host: target.hostname, port, noDelay: true });
      c.socket = socket;
      socket.on('data', (chunk) => {
        if (c.socket !== socket) return;
        c.buffer = c.buffer.length === 0 ? chunk : Buffer.concat([c.buffer, chunk]);
        let answer;
        try {
          answer = completeAnswer(c.buffer);
        } catch {
          return fail('error');
        }
        if (!answer || c.current < 0) return;
        clearTimeout(c.timer);
        const i = c.current;
        c.current = -1;
        c.buffer = c.buffer.subarray(answer.length);
        finish(i, answer.status);
        release(c);
      });
      socket.on('error', () => c.socket === socket && fail('error'));
      socket.on('close', () => c.socket === socket && fail('error'));
    };
    c.send = (i) => {
      c.current = i;
      c.timer = setTimeout(() => fail('timeout'), timeoutMs);
      c.socket.write(requestOf(pathOf()));
    };
    connect();
    return c;
  };

  /** a connection is free: the oldest waiting request goes on it, else it joins the back of the idle queue */
  function release(c) {
    if (c.current >= 0 || !c.socket || c.idle) return;
    const next = waiting.shift();
    if (next !== undefined) return c.send(next);
    c.idle = true;
    idle.push(c);
  }
  /** the idle connection unused the longest (first in, first out: every connection stays in use, none idles into the server's keep-alive timeout) */
  function takeIdle() {
    while (idle.length > 0) {
      const c = idle.shift();
      c.idle = false;
      if (c.socket && c.current < 0) return c;
    }
    return undefined;
  }

  const pool = Array.from({ length: connections }, connection);
  for (const c of pool) release(c);
  let sent = 0;
  const tick = () => {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
    if (sent < due) senderLateMs = Math.max(senderLateMs, now - dueAt(sent));
    while (sent < due) {
      const c = takeIdle();
      if (c) c.send(sent);
      else waiting.push(sent);
      sent++;
    }
    if (sent < total) setTimeout(tick, TICK_MS);
  };
  tick();
  await allDone;
  for (const c of pool) {
    clearTimeout(c.timer);
    const s = c.socket;
    c.socket = null;
    s?.destroy();
  }

  const sorted = latencies.slice().sort();
  const seconds = (lastDone - start) / 1000;
  return {
    requests: total,
    ok: total - counts.non2xx - counts.errors - counts.timeouts,
    rps: total / seconds,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1],
    errors: counts.errors + counts.timeouts,
    timeouts: counts.timeouts,
    non2xx: counts.non2xx,
    statusCodes,
    senderLateMs,
  };
}
