'use strict';
/**
 * Values from the gateway's OpenAPI schemas (fast-check): `validValue` builds a value the schema accepts,
 * using field-name hints where the document is silent (country and currency codes, carriers, waybills,
 * times); `mutateValue` breaks one part of it and says whether the break must be refused.
 */
const fc = require('fast-check');
const { hostileString, wrongType, hugeString, NUMBERS } = require('./hostile-values.cjs');

const COUNTRIES = ['GB', 'NL', 'DE', 'FR', 'CN', 'US', 'JP', 'BR', 'IN', 'ZA'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CNY', 'JPY'];
const SUBSTATUSES = {
  IN_TRANSIT: ['IN_TRANSIT.PICKED_UP', 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY', 'IN_TRANSIT.CUSTOMS_PROCESSING', 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY'],
  EXCEPTION: ['EXCEPTION.CUSTOMS_HELD', 'EXCEPTION.DAMAGED', 'EXCEPTION.ADDRESS_ISSUE'],
  ATTEMPT_FAIL: ['ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE'],
};

/** `$ref` → the schema it names (one level; the gateway's document nests by reference) */
function resolve(doc, schema) {
  let s = schema;
  for (let i = 0; s && s.$ref && i < 10; i++) s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')];
  return s ?? {};
}

/** an ISO time in the past with an offset, as carriers and sellers send it */
const pastTime = fc
  .tuple(fc.integer({ min: 60, max: 20 * 24 * 3600 }), fc.constantFrom('Z', '+08:00', '-05:00', '+00:00', '+0530'))
  .map(([ago, offset]) => {
    const t = new Date(Date.now() - ago * 1000);
    if (offset === 'Z') return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const sign = offset[0] === '-' ? -1 : 1;
    const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(-2)));
    const local = new Date(t.getTime() + minutes * 60_000).toISOString().slice(0, 19);
    return `${local}${offset}`;
  });

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .'-]{0,18}[A-Za-z0-9]$/);

/**
 * Hints by property name: what a real client sends. `ctx` holds the run's pools (sellers, carriers,
 * waybills, accountNumber for the carrier in the path, the SKUs of the orders).
 */
function hinted(name, ctx) {
  switch (name) {
    case 'sellerId':
      return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ctx.sellerIds) }, { weight: 1, arbitrary: fc.stringMatching(/^seller-[a-z0-9]{6}$/) });
    case 'countryCode':
    case 'shipFromCountryCode':
      return fc.constantFrom(...COUNTRIES);
    case 'currency':
      return fc.constantFrom(...CURRENCIES);
    case 'amount':
      return fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, c]) => `${a}.${String(c).padStart(2, '0')}`);
    case 'sku':
      return fc.constantFrom(...ctx.skus);
    case 'quantity':
      return fc.integer({ min: 1, max: 3 });
    case 'carrierCode':
      return fc.constantFrom(...ctx.carrierCodes);
    case 'trackingNumber':
      return fc.oneof({ weight: 4, arbitrary: ctx.freshWaybill }, { weight: 1, arbitrary: fc.constantFrom(...ctx.knownWaybills) });
    case 'accountNumber':
      return ctx.accountNumber ?? fc.stringMatching(/^SIM-[0-9]{6}$/);
    case 'occurredAt':
      return pastTime;
    case 'postalCode':
      return fc.stringMatching(/^[0-9A-Z]{3,5}( [0-9A-Z]{3})?$/);
    case 'name':
    case 'line1':
    case 'line2':
    case 'city':
    case 'region':
    case 'description':
    case 'reason':
      return word;
    default:
      return undefined;
  }
}

/** An arbitrary of values `schema` accepts (object properties: required always, optional sometimes). */
function validValue(doc, schema, ctx, name) {
  const s = resolve(doc, schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  const hint = name ? hinted(name, ctx) : undefined;
  if (hint && s.type !== 'object' && s.type !== 'array') return hint;
  switch (s.type) {
    case 'object': {
      const props = s.properties ?? {};
      const required = s.required ?? [];
      const parts = {};
      for (const [key, prop] of Object.entries(props)) parts[key] = validValue(doc, prop, ctx, key);
      return fc.record(parts, { requiredKeys: required });
    }
    case 'array': {
      const min = s.minItems ?? 0;
      return fc.array(validValue(doc, s.items, ctx, name), { minLength: min, maxLength: Math.max(min, Math.min(s.maxItems ?? 3, 3)) });
    }
    case 'number':
    case 'integer':
      return fc.integer({ min: Math.ceil(s.minimum ?? 0), max: Math.floor(Math.min(s.maximum ?? 1000, (s.minimum ?? 0) + 1000)) });
    case 'boolean':
      return fc.boolean();
    case 'string':
    default:
      if (s.pattern) {
        try {
          return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? Infinity) && v.length > 0);
        } catch {
          /* a pattern JavaScript cannot read: plain words */
        }
      }
      return word.map((w) => w.slice(0, s.maxLength ?? 200));
  }
}

/** the schema of the property at `path` inside `schema`, or undefined */
function schemaAt(doc, schema, path) {
  let s = resolve(doc, schema);
  for (const key of path) {
    if (s.type === 'array') s = resolve(doc, s.items);
    else s = resolve(doc, (s.properties ?? {})[key]);
    if (!s) return undefined;
  }
  return s;
}

/** every place inside `value` (paths of keys/indexes), the root first */
function placesOf(value, path = []) {
  const out = [path];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...placesOf(v, [...path, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...placesOf(v, [...path, k]));
  return out;
}

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function setAt(root, path, fn) {
  if (path.length === 0) return fn(root);
  const copy = clone(root);
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const last = path[path.length - 1];
  const next = fn(parent[last]);
  if (next === REMOVE) {
    if (Array.isArray(parent)) parent.splice(last, 1);
    else delete parent[last];
  } else parent[last] = next;
  return copy;
}
const REMOVE = Symbol('remove');

/** is the property at `path` required by its object (array items count as required)? */
function isRequired(doc, schema, path) {
  const key = path[path.length - 1];
  if (typeof key === 'number') return true;
  const parent = schemaAt(doc, schema, path.slice(0, -1)) ?? {};
  return (parent.required ?? []).includes(key);
}

function typeMatches(s, v) {
  switch (s.type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
    case 'integer':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    default:
      return true;
  }
}

/**
 * One mutation of a valid `value` of `schema`. Returns an arbitrary of `{ value, mutation, mustRefuse }`;
 * `mustRefuse` is true only when the schema itself forbids the result (missing required property, unknown
 * property, wrong type, too long, out of range, not in the enum, too few or too many items).
 */
function mutateValue(doc, schema, value) {
  const places = placesOf(value);
  return fc.record({ at: fc.nat(places.length - 1), kind: fc.nat(99), wrong: wrongType, hostile: hostileString, huge: hugeString, number: fc.constantFrom(...NUMBERS), extra: fc.constantFrom('isAdmin', 'role', '__proto__', 'constructor', 'buyerId', 'status', 'id', 'sellerId ', 'SELLERID', '') }).map(
    ({ at, kind, wrong, hostile, huge, number, extra }) => {
      const path = places[at];
      const s = schemaAt(doc, schema, path) ?? {};
      const here = path.reduce((v, k) => v?.[k], value);
      const isObject = here !== null && typeof here === 'object' && !Array.isArray(here);
      if (isObject && kind < 25) {
        const required = (s.required ?? []).filter((k) => k in here);
        if (required.length > 0) {
          const key = required[kind % required.length];
          return { value: setAt(value, [...path, key], () => REMOVE), mutation: `missing ${[...path, key].join('.')}`, mustRefuse: true };
        }
      }
      if (isObject && kind < 45) {
        const known = Object.keys(s.properties ?? {});
        const key = known.includes(extra) ? `${extra}_x` : extra;
        const mutation = `unknown property ${[...path, key].join('.') || '""'}`;
        if (key === '__proto__') return { value, raw: protoJson(value, path), mutation, mustRefuse: true };
        return { value: setAt(value, path, (o) => ({ ...o, [key]: 'extra' })), mutation, mustRefuse: true };
      }
      if (path.length === 0) return { value: wrong, mutation: 'body of the wrong type', mustRefuse: s.type === 'object' && !typeMatches(s, wrong) };
      const where = path.join('.');
      if (s.type === 'string' && kind < 60 && s.maxLength !== undefined) {
        return { value: setAt(value, path, () => huge.length > s.maxLength ? huge : 'x'.repeat(s.maxLength + 1)), mutation: `${where} over maxLength`, mustRefuse: true };
      }
      if ((s.type === 'number' || s.type === 'integer') && kind < 60) {
        const outside = (s.minimum !== undefined && number < s.minimum) || (s.maximum !== undefined && number > s.maximum);
        return { value: setAt(value, path, () => number), mutation: `${where} = ${number}`, mustRefuse: outside };
      }
      if (s.enum && kind < 60) return { value: setAt(value, path, () => `${here}_NOT`), mutation: `${where} outside its enum`, mustRefuse: true };
      if (s.type === 'array' && kind < 60) {
        if (s.minItems) return { value: setAt(value, path, () => []), mutation: `${where} empty`, mustRefuse: true };
        if (s.maxItems !== undefined) return { value: setAt(value, path, (a) => Array.from({ length: s.maxItems + 1 }, () => a[0])), mutation: `${where} over maxItems`, mustRefuse: true };
      }
      if (kind < 80) {
        // class-validator's @IsOptional() takes null as "not given": null for an optional property may pass
        const optionalNull = wrong === null && !isRequired(doc, schema, path);
        return { value: setAt(value, path, () => wrong), mutation: `${where} of the wrong type`, mustRefuse: s.type !== undefined && !typeMatches(s, wrong) && !optionalNull };
      }
      if (s.type === 'string' || typeof here === 'string') {
        const tooLong = s.maxLength !== undefined && hostile.length > s.maxLength;
        return { value: setAt(value, path, () => hostile), mutation: `${where} = hostile string`, mustRefuse: tooLong };
      }
      return { value: setAt(value, path, () => ''), mutation: `${where} = ""`, mustRefuse: s.type !== undefined && s.type !== 'string' };
    },
  );
}

/** JSON text with a `__proto__` key (an object literal would set the prototype instead) at `path` */
function protoJson(value, path) {
  const marker = '"__fuzz_proto_marker__":1';
  const withMarker = setAt(value, path, (o) => ({ __fuzz_proto_marker__: 1, ...o }));
  return JSON.stringify(withMarker).replace(marker, '"__proto__":{"admin":true,"role":"ops"}');
}

module.exports = { validValue, mutateValue, resolve, schemaAt, placesOf, pastTime, COUNTRIES, CURRENCIES, SUBSTATUSES };
