'use strict';
/**
 * Values built to break things (fast-check arbitraries): huge and empty strings, unicode and control
 * characters, SQL and HTML meta-characters, path tricks, wrong JSON types, negative and enormous numbers.
 */
const fc = require('fast-check');

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE orders; --",
  '" OR ""="',
  "1; SELECT pg_sleep(2); --",
  "' UNION SELECT buyer_id, recipient_name FROM orders.orders --",
  "admin'--",
  '%27%20OR%201%3D1',
  "\\'; DELETE FROM shipments.shipments; --",
  '$1',
  "' AND 1=CAST((SELECT version()) AS int) --",
];
const HTML = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '<svg/onload=alert(1)>', '{{7*7}}', '${7*7}', '&lt;&#x3C;', '<!--'];
const PATH = ['../', '../../etc/passwd', '..%2f..%2fetc%2fpasswd', '%2e%2e%2f', '%00', 'x%00.json', '%', '%zz', '%c0%af', '..\\..\\windows', '/', '//', '.', '..', ';', '?', '#', '%2F', '%252e%252e%252f'];
const UNICODE = ['ünïcødé', '𝓤𝓷𝓲𝓬𝓸𝓭𝓮', '😀🚚📦', '\u202Eevil\u202C', 'a\u0301\u0301\u0301', 'ﷺ', '\uFEFFbom', '\u200B\u200C\u200D', 'Ω≈ç√∫', '中文字符', 'العربية', '\uD800', '\uDFFF', '\u0000', '\u0007\u0008\u001b[31m', 'line\r\nbreak', '\t\v\f'];
const NUMBERS = [-1, 0, -0, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 53) - 1, 0.1, 1.5, 99999999999, 1e-300, 2 ** 31, -(2 ** 31) - 1];
/** numbers JSON.stringify cannot write: emitted raw into the JSON text */
const RAW_NUMBERS = ['1e400', '-1e400', '123456789012345678901234567890', '00012', '1.', '.5', '-', '+1', '0x1F', 'NaN', 'Infinity'];

const controlString = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 20 });
const unicodeString = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
const hugeString = fc.tuple(fc.constantFrom('x', 'é', '😀', "'", '<', '0'), fc.constantFrom(1_000, 10_000, 70_000, 200_000)).map(([c, n]) => c.repeat(n));

/** any string a client could type or forge */
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL) },
  { weight: 2, arbitrary: fc.constantFrom(...HTML) },
  { weight: 2, arbitrary: fc.constantFrom(...PATH) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 2, arbitrary: controlString },
  { weight: 2, arbitrary: unicodeString },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '   ', '\n', 'null', 'undefined', 'true', '0', '-1', '[]', '{}', '__proto__', 'constructor') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** a JSON value of the wrong kind for almost any field */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...NUMBERS),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 3 }),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant({ $ne: null }),
  fc.constant({ $gt: '' }),
);

/** a path segment that should never reach a handler as-is */
const hostileSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PATH) },
  { weight: 2, arbitrary: fc.constantFrom(...SQL.map(encodeURIComponent), ...HTML.map(encodeURIComponent)) },
  { weight: 2, arbitrary: fc.constantFrom("' OR 1=1--", '<script>', 'a b', 'a"b', "a'b", '{id}', '*', '%2e%2e', 'x'.repeat(5000)) },
  { weight: 2, arbitrary: fc.constantFrom(...UNICODE.filter((u) => !/[\uD800-\uDFFF]/.test(u)).map(encodeURIComponent)) },
  { weight: 1, arbitrary: fc.constantFrom('..%2F..%2Fops%2Fdead-letters', '%2e%2e/%2e%2e/ops/carriers', 'x/../../ops/dead-letters', '..;/ops/carriers') },
);

module.exports = { SQL, HTML, PATH, UNICODE, NUMBERS, RAW_NUMBERS, hostileString, hugeString, wrongType, hostileSegment, controlString, unicodeString };
