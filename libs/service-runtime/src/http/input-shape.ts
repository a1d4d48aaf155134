/**
 * What no request input may hold, whatever its DTO says, found in one iterative pass (no recursion, so a
 * hostile body cannot exhaust the stack here):
 *  - a NUL character (U+0000) in a string or a key: PostgreSQL text and jsonb cannot store it, so it would
 *    otherwise surface as a database error (a 500) instead of a 400;
 *  - nesting deeper than `maxDepth`: class-transformer and class-validator recurse, and a body of a few
 *    thousand nested arrays overflows the stack (a 500);
 *  - a `__proto__`, `constructor` or `prototype` key: JSON.parse makes each an own property, which
 *    class-transformer drops without a word, so "unknown properties are 400" would not hold for them (and
 *    they are the keys of prototype pollution).
 */
export interface InputDefect {
  field: string;
  message: string;
}

export const MAX_INPUT_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function inputShapeDefects(value: unknown, root: string, maxDepth = MAX_INPUT_DEPTH): InputDefect[] {
  const defects: InputDefect[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  for (let next = stack.pop(); next !== undefined && defects.length < 20; next = stack.pop()) {
    const { v, path, depth } = next;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) defects.push({ field: path, message: `${path || 'the value'} must not contain NUL characters` });
      continue;
    }
    // parsed JSON and query strings are plain objects and arrays; a raw body (Buffer) or a class instance is not walked
    if (v === null || typeof v !== 'object' || !(Array.isArray(v) || isPlainObject(v))) continue;
    if (depth >= maxDepth) {
      defects.push({ field: path, message: `nested deeper than ${maxDepth} levels` });
      continue;
    }
    for (const key of Object.keys(v)) {
      const child = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) defects.push({ field: child, message: `property ${key} should not exist` });
      else if (key.includes('\u0000')) defects.push({ field: child.split('\u0000').join('\\u0000'), message: 'property names must not contain NUL characters' });
      stack.push({ v: (v as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return defects;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
