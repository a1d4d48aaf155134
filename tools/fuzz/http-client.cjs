'use strict';
/**
 * Sends a request exactly as planned: the raw path (no URL normalisation, so `../` and `%00` reach the
 * server as written), any headers and body bytes. A live stream (text/event-stream) is read for its first
 * chunk and then closed. Each request has a connection of its own. `sendRaw` writes bytes on a socket for what an HTTP client library refuses to send.
 */
const http = require('node:http');
const net = require('node:net');

/** one connection per request: an answer never depends on what an earlier request left on a kept-alive socket */
const agent = new http.Agent({ keepAlive: false, maxSockets: 64 });
const STREAM_READ_MS = 1500;

/**
 * @param {string} baseUrl
 * @param {{ method: string, path: string, headers: Record<string, string>, body?: Buffer }} req
 * @returns {Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: string } | { error: string }>}
 */
function send(baseUrl, req, timeoutMs = 20_000) {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let done = false;
    const finish = (v) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    let r;
    try {
      r = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, agent, insecureHTTPParser: false }, (res) => {
        const chunks = [];
        const streaming = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
        const complete = () => finish({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.on('data', (c) => {
          chunks.push(c);
          if (streaming) {
            complete();
            r.destroy();
          }
        });
        res.on('end', complete);
        res.on('error', complete);
        res.on('close', complete);
        if (streaming) {
          setTimeout(() => {
            complete();
            r.destroy();
          }, STREAM_READ_MS).unref();
        }
      });
    } catch (e) {
      finish({ error: `the client refused to send it: ${e.code ?? e.message}`, unsendable: true });
      return;
    }
    r.setTimeout(timeoutMs, () => {
      finish({ error: `no answer within ${timeoutMs} ms` });
      r.destroy();
    });
    r.on('error', (e) => finish({ error: `${e.code ?? 'error'}: ${e.message}` }));
    r.end(req.body);
  });
}

/** Writes `bytes` on a fresh connection and parses the status line, headers and body of the answer. */
function sendRaw(baseUrl, bytes, timeoutMs = 10_000) {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const chunks = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (!m) return resolve(text ? { error: `not an HTTP answer: ${JSON.stringify(text.slice(0, 80))}` } : { error: 'the connection closed without an answer' });
      const headers = {};
      for (const line of m[2].split('\r\n')) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      let body = m[3];
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
      resolve({ status: Number(m[1]), headers, body });
    };
    socket.setTimeout(timeoutMs, finish);
    socket.on('data', (c) => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('utf8');
      const head = text.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, head));
      if (len && Buffer.byteLength(text.slice(head + 4)) >= Number(len[1])) finish();
      if (/\r\ntransfer-encoding:\s*chunked/i.test(text.slice(0, head)) && text.endsWith('0\r\n\r\n')) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

function dechunk(body) {
  let out = '';
  let rest = body;
  for (;;) {
    const i = rest.indexOf('\r\n');
    if (i < 0) return out;
    const size = parseInt(rest.slice(0, i), 16);
    if (!size) return out;
    out += rest.slice(i + 2, i + 2 + size);
    rest = rest.slice(i + 2 + size + 2);
  }
}

function closeClient() {
  agent.destroy();
}

module.exports = { send, sendRaw, closeClient };
