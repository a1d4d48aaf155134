'use strict';
/**
 * The requests (fast-check arbitraries of "plans"): for every operation of the gateway's OpenAPI document,
 * valid and mutated bodies, hostile path segments and query strings, wrong content types and malformed
 * JSON, each with a caller (no token, a role's token, a tampered token); beyond the document, carrier
 * pushes with real and forged signatures, methods a path does not have, unknown routes, a forged caller
 * header, and bytes no HTTP client library sends (oversized headers, broken request lines, smuggling).
 *
 * A plan says whether it MUST be refused (`mustRefuse`, with why): tampered token, no token or the wrong
 * role, a body the schema forbids, an object that does not exist or belongs to the other side. Others
 * may be accepted; either way they are checked, and refused ones must change nothing.
 */
/** percent-encoding that takes any string (a lone surrogate becomes U+FFFD) */
const enc = (s) => encodeURIComponent(String(s).toWellFormed());
const fc = require('fast-check');
const { createHmac, randomUUID } = require('node:crypto');
const { validValue, mutateValue, resolve, SUBSTATUSES } = require('./schema-values.cjs');
const { hostileSegment, hostileString, RAW_NUMBERS } = require('./hostile-values.cjs');
const { bodyFor, SIGNINGS, STANDARD_SCHEMA, STYLE, signingRefused } = require('./webhook-bodies.cjs');

/** Who may call what (SPEC §4): the document says "bearer" but not which roles. */
const ACCESS = {
  'GET /v1/carriers': 'anyone',
  'GET /v1/carriers/detect': 'anyone',
  'POST /v1/orders': ['buyer'],
  'GET /v1/orders': ['buyer', 'seller', 'ops'],
  'GET /v1/orders/{orderNumber}': ['buyer', 'seller', 'ops'],
  'POST /v1/orders/{orderNumber}/cancel': ['buyer', 'seller', 'ops'],
  'GET /v1/sellers/me/logistics-partners': ['seller'],
  'PUT /v1/sellers/me/logistics-partners/{carrierCode}': ['seller'],
  'DELETE /v1/sellers/me/logistics-partners/{carrierCode}': ['seller'],
  'POST /v1/orders/{orderNumber}/shipments': ['seller'],
  'GET /v1/shipments/{shipmentId}': ['seller', 'buyer', 'ops'],
  'POST /v1/shipments/{shipmentId}/events': ['seller'],
  'POST /v1/shipments/{shipmentId}/cancel': ['seller'],
  'GET /v1/tracking/{trackingNumber}': 'anyone',
  'GET /v1/orders/{orderNumber}/tracking': ['buyer', 'seller', 'ops'],
  'GET /v1/tracking/{trackingNumber}/stream': 'anyone',
  'POST /v1/webhooks/carriers/{carrierCode}': 'anyone',
  'GET /v1/ops/carriers': ['ops'],
  'GET /v1/ops/dead-letters': ['ops'],
  'POST /v1/ops/dead-letters/{id}/replay': ['ops'],
};

/** The schema(s) a request to this path can write synchronously (the service that answers it). */
function targetsOf(path) {
  if (path.startsWith('/v1/webhooks') || path.startsWith('/v1/ops/carriers')) return ['carrier_sync'];
  if (path.startsWith('/v1/ops/dead-letters')) return ['orders', 'shipments', 'carrier_sync', 'tracking'];
  if (path.startsWith('/v1/tracking') || path.endsWith('/tracking')) return ['tracking'];
  if (path.startsWith('/v1/sellers') || path.startsWith('/v1/shipments') || path.endsWith('/shipments')) return ['shipments'];
  if (path.startsWith('/v1/orders')) return ['orders'];
  return [];
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The document's operations, its duplicate `idempotency-key`/`Idempotency-Key` header parameters folded. */
function operationsOf(doc) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const headerNames = new Set(params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
      const id = `${method.toUpperCase()} ${path}`;
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        id,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query'),
        idempotent: headerNames.has('idempotency-key'),
        body: bodySchema ? resolve(doc, bodySchema) : undefined,
        secured: Array.isArray(op.security) && op.security.length > 0,
        access: ACCESS[id],
      });
    }
  }
  return ops;
}

/** a value node's required-ness all the way down: does the schema require anything at the top? */
const requiresSomething = (schema) => Boolean(schema && (schema.required ?? []).length > 0);

/** Only bytes an HTTP client may put in a header value. */
const headerSafe = (s) => String(s).replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').slice(0, 9000);
/** a path segment as it goes on the wire: printable characters as they are, others percent-encoded */
const wireSegment = (s) => [...String(s)].map((c) => (/^[\u0021-\u007e]$/.test(c) ? c : enc(c))).join('');
/** a query string as it goes on the wire: the same, `#` too (it would end the URL) */
const wireQuery = (q) => wireSegment(q).replace(/#/g, '%23');

function s10(serial, country = 'CN') {
  const w = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...serial].reduce((acc, d, i) => acc + Number(d) * w[i], 0);
  let check = 11 - (sum % 11);
  if (check === 10) check = 0;
  if (check === 11) check = 5;
  return `RR${serial}${check}${country}`;
}
const freshWaybill = fc.integer({ min: 10_000_000, max: 99_999_999 }).map((n) => s10(String(n)));

/**
 * @param {object} doc the gateway's OpenAPI document
 * @param {object} world what the seed made and the catalog holds (see seed.cjs): sides A and B, carrier
 *   codes, tracking examples, dead-letter ids, caller names
 */
function planArbitrary(doc, world) {
  const ops = operationsOf(doc);
  const { A, B } = world.sides;
  const ctx = {
    sellerIds: [A.sellerId, B.sellerId],
    carrierCodes: world.carrierCodes,
    knownWaybills: [A.waybill, B.waybill, ...world.trackingExamples.slice(0, 4)],
    freshWaybill,
    skus: ['TEA', 'MUG', 'SKU-1', 'CUP'],
  };
  const userCallers = ['buyerA', 'buyerB', 'sellerA', 'sellerB', 'ops'];
  const caller = fc.oneof(
    { weight: 50, arbitrary: fc.constantFrom(...userCallers) },
    { weight: 12, arbitrary: fc.constant('anonymous') },
    { weight: 25, arbitrary: fc.constantFrom(...world.tampered) },
    { weight: 1, arbitrary: fc.constant('empty authorization') },
  );
  const sideOf = (callerName) => (callerName.endsWith('A') ? 'A' : callerName.endsWith('B') ? 'B' : undefined);
  const roleOf = (callerName) => (callerName === 'ops' ? 'ops' : callerName.startsWith('buyer') ? 'buyer' : callerName.startsWith('seller') ? 'seller' : undefined);

  /** a path parameter: the seed's objects, what the run created (picked when sent), made-up or hostile */
  const param = (name) => {
    const seed = (pick) => fc.constantFrom('A', 'B').chain((side) => fc.nat(3).map((i) => ({ kind: 'seed', side, value: pick(world.sides[side], i) })));
    switch (name) {
      case 'orderNumber':
        return fc.oneof(
          { weight: 40, arbitrary: seed((s, i) => s.orderNumbers[i % s.orderNumbers.length]) },
          { weight: 15, arbitrary: fc.nat().map((pick) => ({ kind: 'created', pool: 'orderNumber', pick })) },
          { weight: 15, arbitrary: fc.stringMatching(/^PS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/).map((value) => ({ kind: 'made-up', value })) },
          { weight: 30, arbitrary: hostileSegment.map((value) => ({ kind: 'hostile', value })) },
        );
      case 'shipmentId':
        return fc.oneof(
          { weight: 40, arbitrary: seed((s) => s.shipmentId) },
          { weight: 15, arbitrary: fc.nat().map((pick) => ({ kind: 'created', pool: 'shipmentId', pick })) },
          { weight: 15, arbitrary: fc.uuid().map((value) => ({ kind: 'made-up', value })) },
          { weight: 30, arbitrary: hostileSegment.map((value) => ({ kind: 'hostile', value })) },
        );
      case 'trackingNumber':
        return fc.oneof(
          { weight: 35, arbitrary: seed((s) => s.waybill) },
          { weight: 10, arbitrary: fc.nat().map((pick) => ({ kind: 'created', pool: 'trackingNumber', pick })) },
          { weight: 10, arbitrary: fc.constantFrom(...world.trackingExamples).map((value) => ({ kind: 'made-up', value })) },
          { weight: 15, arbitrary: freshWaybill.map((value) => ({ kind: 'made-up', value })) },
          { weight: 30, arbitrary: hostileSegment.map((value) => ({ kind: 'hostile', value })) },
        );
      case 'carrierCode':
        return fc.oneof(
          { weight: 60, arbitrary: fc.constantFrom(...world.carrierCodes).map((value) => ({ kind: 'catalog', value })) },
          { weight: 10, arbitrary: fc.constantFrom('SIM-POST', 'sim_post', 'unknown-carrier', 'sim-post ', 'ups2').map((value) => ({ kind: 'made-up', value })) },
          { weight: 30, arbitrary: hostileSegment.map((value) => ({ kind: 'hostile', value })) },
        );
      case 'id':
        return fc.oneof(
          { weight: 15, arbitrary: world.deadLetterIds.length ? fc.constantFrom(...world.deadLetterIds).map((value) => ({ kind: 'catalog', value })) : fc.constant({ kind: 'made-up', value: `orders:${randomUUID()}` }) },
          { weight: 45, arbitrary: fc.tuple(fc.constantFrom('orders', 'shipments', 'carrier-sync', 'carrier_sync', 'tracking', 'nope', ''), fc.uuid()).map(([p, u]) => ({ kind: 'made-up', value: `${p}:${u}` })) },
          { weight: 40, arbitrary: fc.oneof(hostileSegment, fc.constantFrom('orders:', 'orders:not-a-uuid', "orders:' OR 1=1--", 'tracking:%00', ':')).map((value) => ({ kind: 'hostile', value })) },
        );
      default:
        return fc.oneof(fc.string({ minLength: 1, maxLength: 20 }).map((value) => ({ kind: 'made-up', value })), hostileSegment.map((value) => ({ kind: 'hostile', value })));
    }
  };

  const queryFor = (op) => {
    if (op.query.length === 0) return fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 2, arbitrary: hostileQuery() }).map((q) => ({ text: q ? `?${wireQuery(q)}` : '', bad: false }));
    const parts = op.query.map((q) =>
      fc.oneof(
        { weight: q.required ? 6 : 3, arbitrary: validValue(doc, q.schema ?? { type: 'string' }, ctx, q.name).map((v) => ({ text: `${q.name}=${enc(v)}`, bad: false })) },
        { weight: q.required ? 1 : 4, arbitrary: fc.constant({ text: '', bad: Boolean(q.required) }) },
        {
          weight: 3,
          arbitrary: fc.oneof(hostileString, fc.constantFrom('0', '-1', '101', '1e9', 'abc', '1.5', '', 'NaN', '20;', '9'.repeat(400))).map((v) => ({
            text: `${q.name}=${enc(v).slice(0, 20_000)}`,
            bad: q.schema?.type === 'number' && !(Number(v) >= (q.schema.minimum ?? -Infinity) && Number(v) <= (q.schema.maximum ?? Infinity)),
          })),
        },
        { weight: 1, arbitrary: fc.constantFrom(`${q.name}=1&${q.name}=2`, `${q.name}[]=1`, `${q.name}[$gt]=`, `${q.name}`, `${q.name}=%`, `${q.name}=%00`).map((text) => ({ text, bad: false })) },
      ),
    );
    return fc.tuple(fc.tuple(...parts), fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: hostileQuery() })).map(([ps, extra]) => {
      const text = wireQuery([...ps.map((p) => p.text), extra].filter(Boolean).join('&'));
      return { text: text ? `?${text}` : '', bad: ps.some((p) => p.bad) };
    });
  };

  function hostileQuery() {
    return fc.oneof(
      fc.constantFrom('foo=bar', '__proto__[admin]=1', 'constructor[prototype][admin]=1', "q=' OR 1=1--", 'a=<script>', '&&&', '=', '%', '%zz=1', `x=${'y'.repeat(9000)}`),
      hostileString.map((s) => `x=${enc(s).slice(0, 20_000)}`),
    );
  }

  /** a JSON body: valid, one mutation, malformed or unusual JSON text, or sent under another content type */
  const bodyFor_ = (op, schema, bodyCtx) => {
    const valid = validValue(doc, schema, bodyCtx).map((v) => fixups(schema, v));
    const json = 'application/json';
    return fc.oneof(
      { weight: 30, arbitrary: valid.map((v) => ({ text: JSON.stringify(v), contentType: json, mutation: 'valid', mustRefuse: false })) },
      {
        weight: 38,
        arbitrary: valid.chain((v) => mutateValue(doc, schema, v)).map((m) => ({ text: m.raw ?? JSON.stringify(m.value) ?? '', contentType: json, mutation: m.mutation, mustRefuse: m.mustRefuse })),
      },
      {
        weight: 20,
        arbitrary: fc.tuple(valid, fc.nat(99), fc.constantFrom(...RAW_NUMBERS)).map(([v, k, rawNumber]) => rawBody(JSON.stringify(v), k, rawNumber, requiresSomething(schema))),
      },
      {
        weight: 12,
        arbitrary: fc
          .tuple(valid, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '', 'application/json; charset=utf-16', 'application/json; charset=klingon', 'application/vnd.api+json', 'APPLICATION/JSON', 'application/json, text/plain', 'application/json; charset=latin1'))
          .map(([v, contentType]) => {
            const jsonish = contentType === 'APPLICATION/JSON';
            const text = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(flat(v)).toString() : contentType === 'application/xml' ? '<order><sellerId>x</sellerId></order>' : JSON.stringify(v);
            return { text, contentType, mutation: `content-type ${JSON.stringify(contentType)}`, mustRefuse: !jsonish && requiresSomething(schema) && contentType !== 'application/json; charset=latin1' };
          }),
      },
    );
  };

  function rawBody(validText, k, rawNumber, requires) {
    const json = 'application/json';
    const cases = [
      [validText.slice(0, Math.max(1, Math.floor(validText.length / 2))), 'truncated JSON', true],
      [`${validText.slice(0, -1)},}`, 'trailing comma', true],
      [validText.replace(/"/g, "'"), 'single quotes', true],
      [`${validText}}`, 'extra closing brace', true],
      ['', 'empty body', requires],
      ['null', 'null body', true],
      ['[]', 'array body', true],
      [`[${validText}]`, 'array of the body', true],
      ['"a string"', 'string body', true],
      ['12', 'number body', true],
      ['true', 'boolean body', true],
      [`${'['.repeat(5000)}${']'.repeat(5000)}`, 'deeply nested arrays', true],
      [`{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`, 'deeply nested objects', true],
      [`{"items":${'['.repeat(2000)}${']'.repeat(2000)}}`, 'deeply nested field', true],
      [`\uFEFF${validText}`, 'byte order mark', false],
      [`${validText.slice(0, -1)}, "sellerId": "dup"}`, 'duplicate key', false],
      [validText.replace(/:\s*(\d+)/, `:${rawNumber}`), `number written ${rawNumber}`, false],
      [`/* c */${validText}`, 'comment', true],
      [`${validText}\u0000`, 'trailing NUL', true],
      [JSON.stringify({ pad: 'x'.repeat(70 * 1024) }), 'body over 64kb', true],
      [`{"a":"${'\\u0000'.repeat(500)}"}`, 'escaped NULs', true],
      [`{"a":"\\ud800"}`, 'lone surrogate escape', true],
      ['{"__proto__":{"isAdmin":true}}', '__proto__ only', true],
      ['{"constructor":{"prototype":{"isAdmin":true}}}', 'constructor.prototype', true],
      [Buffer.from([0xff, 0xfe, 0x00, 0x7b]).toString('latin1'), 'binary garbage', true],
    ];
    const [text, mutation, mustRefuse] = cases[k % cases.length];
    return { text, contentType: json, mutation, mustRefuse };
  }

  const idempotencyKey = fc.oneof(
    { weight: 5, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom('fixed-key-1', 'fixed-key-2') },
    { weight: 2, arbitrary: hostileString.map(headerSafe) },
    { weight: 1, arbitrary: fc.constantFrom('k'.repeat(300), 'k'.repeat(3000), 'k'.repeat(8000)) },
  );

  const extraHeaders = fc.oneof(
    { weight: 12, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constant('forged caller') },
    { weight: 1, arbitrary: fc.constantFrom({ 'x-forwarded-for': '10.0.0.1, 127.0.0.1' }, { accept: 'text/html' }, { accept: 'application/xml' }, { 'x-http-method-override': 'DELETE' }, { cookie: `a=${'b'.repeat(4000)}` }, { host: 'evil.example' }, { 'content-encoding': 'gzip' }, { 'transfer-encoding': 'chunked' }, { 'last-event-id': "' OR 1=1--" }) },
  );

  const planFor = (op) => {
    const params = fc.tuple(...op.pathParams.map(param));
    return fc.record({ callerName: caller, params: op.pathParams.length ? params : fc.constant([]), query: queryFor(op), idem: idempotencyKey, extra: extraHeaders, method: fc.nat(30) }).chain((r) => {
      const carrierIndex = op.pathParams.indexOf('carrierCode');
      const carrierInPath = carrierIndex >= 0 ? r.params[carrierIndex].value : undefined;
      const bodyCtx = { ...ctx, accountNumber: accountNumberFor(carrierInPath) };
      let bodyArb = fc.constant(undefined);
      if (op.body) bodyArb = bodyFor_(op, op.body, bodyCtx);
      else if (op.path.startsWith('/v1/webhooks/')) bodyArb = webhookBody(carrierInPath);
      else if (WRITES.has(op.method)) bodyArb = fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant({ text: '{"x":1}', contentType: 'application/json', mutation: 'a body where none is expected', mustRefuse: false }) });
      return bodyArb.map((body) => build(op, r, body));
    });
  };

  function webhookBody(carrierCode) {
    const waybills = [A.waybill, B.waybill, ...world.trackingExamples.slice(0, 3)];
    const body = bodyFor(carrierCode, waybills);
    const standard = STYLE[carrierCode] === 'standard' || STYLE[carrierCode] === undefined;
    return fc.tuple(fc.constantFrom(...SIGNINGS), fc.nat(99), body, fc.nat(99)).chain(([signing, k, v, raw]) => {
      if (k < 55) return fc.constant({ text: JSON.stringify(v), contentType: 'application/json', mutation: `push, ${signing} signature`, signing });
      if (k < 85 && standard) return mutateValue({ components: { schemas: {} } }, STANDARD_SCHEMA, v).map((m) => ({ text: m.raw ?? JSON.stringify(m.value) ?? '', contentType: 'application/json', mutation: `push with ${m.mutation}, ${signing} signature`, signing }));
      const r_ = rawBody(JSON.stringify(v), raw, '1e400', true);
      return fc.constant({ text: r_.text, contentType: 'application/json', mutation: `push: ${r_.mutation}, ${signing} signature`, signing });
    });
  }

  function build(op, r, body) {
    const reasons = [];
    const role = roleOf(r.callerName);
    const confusion = r.method === 0 ? 'PATCH' : r.method === 1 && op.method !== 'DELETE' ? 'DELETE' : r.method === 2 ? 'HEAD' : r.method === 3 ? 'OPTIONS' : undefined;
    const method = confusion ?? op.method;
    const defined = Object.keys(doc.paths[op.path]).map((m) => m.toUpperCase());
    // another method on the same path is another operation (HEAD is answered by the GET one), or none
    const served = ops.find((o) => o.path === op.path && o.method === (method === 'HEAD' ? 'GET' : method));
    const access = served ? served.access : op.access;
    if (r.callerName.startsWith('tampered')) reasons.push('tampered token');
    else if (Array.isArray(access) && r.callerName !== 'ops' && !role) reasons.push('no token');
    else if (Array.isArray(access) && role && !access.includes(role)) reasons.push(`role ${role}`);
    else if (op.secured && !role && !access) reasons.push('no token');
    if (WRITES.has(method) && !defined.includes(method)) reasons.push(`no ${method} on this path`);
    const segments = r.params.map((p) => ({ ...p, wire: p.kind === 'hostile' ? wireSegment(p.value) : p.kind === 'created' ? undefined : enc(p.value) }));
    if (WRITES.has(method)) {
      for (const s of segments) {
        if (s.kind === 'hostile' || s.kind === 'made-up') reasons.push(`${s.kind} ${op.pathParams[segments.indexOf(s)]}`);
        const side = sideOf(r.callerName);
        if (s.kind === 'seed' && side && side !== s.side && op.pathParams[segments.indexOf(s)] !== 'carrierCode') reasons.push("another side's object");
      }
      if (body?.mustRefuse) reasons.push(body.mutation);
      if (op.body && r.query.bad) reasons.push('invalid query');
      if (body?.signing && signingRefused(carrierOf(segments), body.signing)) reasons.push(`${body.signing} signature`);
      if (body?.signing && !(carrierOf(segments) in { 'sim-post': 1, 'sim-track': 1, 'sim-seventeen': 1, 'sim-lastmile': 1 })) reasons.push('no webhook intake for this carrier');
    } else if (method === 'GET' && r.query.bad && !reasons.length) {
      reasons.push('invalid query');
    }
    const headers = {};
    if (op.idempotent && r.idem !== undefined) headers['idempotency-key'] = r.idem;
    let forgedCaller = false;
    if (r.extra === 'forged caller') forgedCaller = true;
    else Object.assign(headers, r.extra);
    if (body) headers['content-type'] = body.contentType;
    if (body && body.contentType === '') delete headers['content-type'];
    return {
      op: op.id,
      method,
      pathTemplate: op.path,
      segments,
      query: r.query.text,
      callerName: r.callerName,
      headers,
      forgedCaller,
      body: body ? body.text : undefined,
      signing: body?.signing,
      mutation: [body?.mutation, confusion && `method ${confusion}`, forgedCaller && 'forged caller header', r.query.bad && 'invalid query'].filter(Boolean).join(', ') || 'valid',
      // OPTIONS is answered by the HTTP layer (the methods a path allows), before any authentication
      mustRefuse: method !== 'OPTIONS' && reasons.length > 0 && (WRITES.has(method) || reasons.some((x) => /token|role/.test(x)) || (method === 'GET' && reasons.includes('invalid query'))),
      why: reasons.join('; '),
      targets: targetsOf(op.path),
    };
  }

  const carrierOf = (segments) => segments[0]?.value;

  /** unknown routes and bytes no client library sends (answered by the HTTP layer itself) */
  const beyond = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), fc.constantFrom('/v2/orders', '/v1', '/v1/', '/v1/admin', '/v1/orders/x/y/z', '/v1//orders', '/V1/ORDERS', '/v1/orders;', '/v1/orders/%2e%2e/ops/carriers', '/v1/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/v1/tracking/', '/v1/ops', '/.env', '/v1/orders?', '/v1/orders#x', '/docs/../v1/ops/carriers', `/${'a'.repeat(6000)}`, '/v1/carriers/detect/..%00'), caller).map(([method, path, callerName]) => ({
        op: 'unknown route',
        method,
        pathTemplate: path,
        segments: [],
        rawPath: path,
        query: '',
        callerName,
        headers: {},
        mutation: 'unknown route',
        mustRefuse: WRITES.has(method),
        why: 'unknown route',
        targets: ['orders', 'shipments', 'carrier_sync', 'tracking'],
      })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        ['oversized header', `GET /v1/carriers HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
        ['oversized headers (many)', `GET /v1/carriers HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 2100 }, (_, i) => `X-${i}: 1\r\n`).join('')}\r\n`],
        ['broken request line', 'GET /v1/carriers HTTP/9.9\r\nHost: x\r\n\r\n'],
        ['not HTTP', 'HELLO\r\n\r\n'],
        ['NUL in path', 'GET /v1/tracking/\u0000 HTTP/1.1\r\nHost: x\r\n\r\n'],
        ['space in path', 'GET /v1/tracking/a b HTTP/1.1\r\nHost: x\r\n\r\n'],
        ['control character in a header', 'GET /v1/carriers HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n'],
        ['request smuggling (CL and TE)', 'POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
        ['bad chunk size', 'POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
        ['two content-lengths', 'POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
        ['negative content-length', 'POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}'],
        ['no Host header (HTTP/1.1)', 'GET /v1/carriers HTTP/1.1\r\n\r\n'],
        ['absolute URI to elsewhere', 'GET http://169.254.169.254/latest/meta-data HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n'],
        ['CONNECT', 'CONNECT 127.0.0.1:5432 HTTP/1.1\r\nHost: 127.0.0.1:5432\r\n\r\n'],
        ['TRACE', 'TRACE /v1/carriers HTTP/1.1\r\nHost: x\r\n\r\n'],
        ['websocket upgrade', 'GET /v1/tracking/RB123456785GB/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'],
      ).map(([mutation, raw]) => ({
        // Node keeps the first 2000 headers and drops the rest: many small headers are not an error
        op: 'raw HTTP',
        method: raw.split(' ')[0],
        pathTemplate: '(raw)',
        segments: [],
        raw,
        query: '',
        callerName: 'anonymous',
        headers: {},
        mutation,
        mustRefuse: !['oversized headers (many)', 'websocket upgrade'].includes(mutation),
        why: mutation,
        targets: ['orders', 'shipments', 'carrier_sync', 'tracking'],
      })),
    },
  );

  const perOp = ops.map((op) => ({ weight: 10, arbitrary: planFor(op) }));
  return { arbitrary: fc.oneof(...perOp, { weight: 6, arbitrary: beyond }), operations: ops };
}

/** values that belong together: a seller update's sub-status matches its status */
function fixups(schema, value) {
  const v = value && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;
  if (schema?.properties?.occurredAt && schema.properties.status && v && typeof v === 'object') {
    const subs = SUBSTATUSES[v.status];
    if (subs && v.substatus !== undefined) v.substatus = subs[v.substatus.length % subs.length];
    else delete v.substatus;
  }
  return v;
}

function flat(v, prefix = '', out = {}) {
  for (const [k, x] of Object.entries(v ?? {})) {
    const key = prefix ? `${prefix}[${k}]` : k;
    if (x && typeof x === 'object') flat(x, key, out);
    else out[key] = String(x);
  }
  return out;
}

/** an account number the carrier's rule accepts (libs/carriers catalog), for the carrier in the path */
function accountNumberFor(carrierCode) {
  const digits = (n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
  switch (carrierCode) {
    case 'ups':
      return fc.stringMatching(/^[0-9A-Z]{6}$/);
    case 'fedex':
    case 'dhl-express':
      return digits(9);
    case 'usps':
      return fc.oneof(digits(6), digits(9));
    case 'royal-mail':
    case 'deutsche-post':
      return digits(10);
    case 'china-post':
      return fc.stringMatching(/^[0-9A-Z]{6,20}$/);
    default:
      return fc.stringMatching(/^SIM-[0-9]{6}$/);
  }
}

/** the caller header a service would trust, signed with the development secret, for an ops user */
function forgedCallerHeader() {
  const body = Buffer.from(JSON.stringify({ sub: 'forged-ops', role: 'ops', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
  return `${body}.${createHmac('sha256', 'dev-caller-identity-secret').update(body).digest('base64url')}`;
}

module.exports = { planArbitrary, operationsOf, targetsOf, forgedCallerHeader, s10, ACCESS, WRITES, headerSafe };
