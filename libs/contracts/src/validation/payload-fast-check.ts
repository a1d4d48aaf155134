import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer's own metadata (its `@Type`s; the spec reads them too); its package has no typed entry point for it
export const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/**
 * A payload check compiled once per contract class from its class-validator decorators, for the hot paths
 * (every consumed message and every outbox row is validated). It calls the very constraint implementations
 * class-validator would call (IsUUID's, MaxLength's, …) on the plain JSON value, in the order and with the
 * rules of class-validator's `validateSync(plainToInstance(cls, plain), { whitelist, forbidNonWhitelisted })`:
 * conditions (IsOptional, ValidateIf) first, unknown properties refused, nested classes from class-transformer's
 * `@Type`. What it skips is the machinery around them: the class-transformer copy, the metadata lookups per
 * call and the ValidationError objects.
 *
 * It only ever answers "valid" or "not sure": `true` means class-validator accepts the payload too; `false`
 * means the caller must ask class-validator (for its verdict and its messages). A class it cannot follow
 * exactly (async or promise validation, class-transformer exposure rules or transforms, discriminators,
 * field initialisers) gets no fast check at all. payload-fast-check.spec compares the two on generated payloads.
 */
export type PayloadFastCheck = (plain: unknown) => boolean;

type Ctor = new () => object;
type PropertyCheck = (object: Record<string, unknown>) => boolean;

const compiled = new WeakMap<Ctor, PayloadFastCheck | null>();
const PRIMITIVE_TYPES: unknown[] = [String, Number, Boolean, Date, Object, Array, Map, Set];

/** The compiled check of a contract class, or null when it has none (then class-validator decides alone). */
export function payloadFastCheckOf(cls: Ctor): PayloadFastCheck | null {
  const known = compiled.get(cls);
  if (known !== undefined) return known;
  let check: PayloadFastCheck | null = null;
  try {
    check = compile(cls);
  } catch {
    check = null;
  }
  compiled.set(cls, check);
  return check;
}

function compile(cls: Ctor): PayloadFastCheck | null {
  const storage = getMetadataStorage();
  // as validateSync without groups: always = false, strictGroups = false
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false, undefined);
  if (metadatas.length === 0) return null; // class-validator refuses it as an unknown value
  if (Object.keys(new cls()).length > 0) return null; // initialisers: the instance is not the plain object
  if (defaultMetadataStorage.getStrategy(cls) !== 'none' || defaultMetadataStorage.getExposedMetadatas(cls).length > 0 || defaultMetadataStorage.getExcludedMetadatas(cls).length > 0) return null;
  const grouped = storage.groupByPropertyName(metadatas);
  const allowed = new Set<string>();
  const checks: PropertyCheck[] = [];
  for (const [property, list] of Object.entries(grouped)) {
    if (list.length === 0) continue;
    allowed.add(property);
    if (defaultMetadataStorage.findTransformMetadatas(cls, property, 0 /* PLAIN_TO_CLASS */).length > 0) return null;
    const check = propertyCheck(cls, property, list);
    if (!check) return null;
    checks.push(check);
  }
  return (plain) => {
    if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return false;
    const object = plain as Record<string, unknown>;
    for (const key of Object.keys(object)) if (!allowed.has(key)) return false;
    for (const check of checks) if (!check(object)) return false;
    return true;
  };
}

function propertyCheck(cls: Ctor, property: string, list: ValidationMetadata[]): PropertyCheck | null {
  const conditions: ((object: object, value: unknown) => boolean)[] = [];
  const defined: ConstraintCheck[] = [];
  const customs: ConstraintCheck[] = [];
  let nested = false;
  for (const m of list) {
    switch (m.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
        break;
      case ValidationTypes.IS_DEFINED:
      case ValidationTypes.CUSTOM_VALIDATION: {
        const check = constraintCheck(cls, m);
        if (!check) return null;
        (m.type === ValidationTypes.IS_DEFINED ? defined : customs).push(check);
        break;
      }
      case ValidationTypes.NESTED_VALIDATION:
        nested = true;
        break;
      case ValidationTypes.WHITELIST:
        break;
      default:
        return null; // promise validation: not followed
    }
  }
  const nestedClass = nested ? nestedClassOf(cls, property) : undefined;
  if (nested && !nestedClass) return null;
  return (object) => {
    const value = object[property];
    for (const condition of conditions) if (!condition(object, value)) return true; // IsOptional and a missing value: nothing else runs
    for (const check of defined) if (!check(value, object)) return false;
    for (const check of customs) if (!check(value, object)) return false;
    if (nestedClass && value !== undefined && !nestedValid(nestedClass, value)) return false;
    return true;
  };
}

type ConstraintCheck = (value: unknown, object: Record<string, unknown>) => boolean;

function constraintCheck(cls: Ctor, m: ValidationMetadata): ConstraintCheck | null {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(m.constraintCls).filter((c) => !c.async); // validateSync skips async ones
  const validateIf = (m as ValidationMetadata & { validateIf?: (object: object, value: unknown) => boolean }).validateIf;
  const passes = (result: unknown) => !!result && typeof (result as { then?: unknown }).then !== 'function';
  return (value, object) => {
    if (validateIf && !validateIf(object, value)) return true;
    const args: ValidationArguments = { targetName: cls.name, property: m.propertyName, object, value, constraints: m.constraints };
    for (const c of constraints) {
      if (value instanceof Set || value instanceof Map) return false; // not JSON: let class-validator say
      if (m.each && Array.isArray(value)) {
        for (const item of value) if (!passes(c.instance.validate(item, args))) return false;
      } else if (!passes(c.instance.validate(value, args))) return false;
    }
    return true;
  };
}

/** the class class-transformer's `@Type` makes of this property's objects (none: they would stay plain objects, which ValidateNested refuses) */
function nestedClassOf(cls: Ctor, property: string): Ctor | undefined {
  const type = defaultMetadataStorage.findTypeMetadata(cls, property);
  if (!type || type.options?.discriminator) return undefined;
  const target = type.typeFunction() as unknown;
  return typeof target === 'function' && !PRIMITIVE_TYPES.includes(target) ? (target as Ctor) : undefined;
}

/** ValidateNested of a value class-transformer would have made `cls` objects of: an object, or an array of them */
function nestedValid(cls: Ctor, value: unknown): boolean {
  const check = payloadFastCheckOf(cls);
  if (!check) return false;
  if (Array.isArray(value)) return value.every((item) => !Array.isArray(item) && check(item));
  return check(value);
}
