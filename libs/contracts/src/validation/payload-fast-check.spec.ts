import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsOptional, IsString, validateSync, ValidationTypes } from 'class-validator';
import * as fc from 'fast-check';
import { EVENT_CONTRACTS } from '../events/event-registry';
import { defaultMetadataStorage, payloadFastCheckOf } from './payload-fast-check';
import { validatePayload } from './validate-payload';

type Ctor = new () => object;

/** class-validator's own verdict, as validatePayload asked for it before the compiled check existed */
const classValidatorAccepts = (cls: Ctor, plain: object) => validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }).length === 0;

const HOSTILE: unknown[] = [null, 0, -1, 1.5, 1e21, '', ' ', 'x'.repeat(600), true, false, {}, [], ['a'], [{}], { a: 1 }, '2026-13-45T99:00:00Z', 'not-a-uuid', '12,50', 'gb', 'eur', '\u0000', NaN];


/** mostly the first, now and then the second */
const mostly = <T>(usual: fc.Arbitrary<T>, sometimes: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: usual }, { weight: 1, arbitrary: sometimes });

/** values that stand a chance of passing a property's decorators (its constraint names say which) */
function likelyValid(cls: Ctor, property: string, depth: number): fc.Arbitrary<unknown> {
  const metas = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', false, false, undefined)
    .filter((m) => m.propertyName === property);
  const named = (name: string) => metas.find((m) => m.name?.toLowerCase() === name.toLowerCase());
  const maxLength = (named('maxLength')?.constraints[0] as number | undefined) ?? 30;
  if (metas.some((m) => m.type === ValidationTypes.NESTED_VALIDATION)) {
    const target = defaultMetadataStorage.findTypeMetadata(cls, property)!.typeFunction() as Ctor;
    const one = depth > 3 ? fc.constant({}) : payloadOf(target, depth + 1);
    return named('arrayMinSize') || named('isArray') ? mostly(fc.array(one, { minLength: 1, maxLength: 4 }), fc.constant([] as unknown[])) : one;
  }
  if (named('isIn')) {
    const one = fc.constantFrom(...(named('isIn')!.constraints[0] as unknown[]));
    return named('isIn')!.each ? fc.uniqueArray(one, { minLength: 1, maxLength: 3 }) : one;
  }
  if (named('isUuid')) return fc.oneof(fc.uuid(), fc.constant('00000000-0000-0000-0000-000000000000'));
  if (named('isDateString')) return fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2026-12-04T10:00:00+08:00', '2026-12-04', '2026-12-04T10:00:00.123456Z'));
  if (named('isNumberString')) return mostly(fc.constantFrom('12.50', '0', '-3'), fc.constantFrom('1e3', '12.', '+1', ' 1'));
  if (named('isIso4217CurrencyCode')) return mostly(fc.constantFrom('EUR', 'USD', 'CNY'), fc.constantFrom('XXX', 'ABC', 'eur'));
  if (named('isISO31661Alpha2')) return mostly(fc.constantFrom('GB', 'CN', 'DE'), fc.constantFrom('ZZ', 'UK', 'gb'));
  if (named('isInt')) return mostly(fc.integer({ min: 1, max: 1_000 }), fc.oneof(fc.integer({ min: -3, max: 0 }), fc.double({ min: 0, max: 10, noNaN: true })));
  if (named('isBoolean')) return fc.boolean();
  if (named('matches')) return fc.oneof(fc.stringMatching(named('matches')!.constraints[0] as RegExp), fc.string({ maxLength: 20 }));
  return mostly(fc.string({ minLength: 1, maxLength: Math.min(maxLength, 40) }), fc.oneof(fc.string({ minLength: Math.max(0, maxLength - 1), maxLength: maxLength + 1 }), fc.constant('')));
}

/** a payload of `cls`: each property likely valid, now and then hostile or missing, now and then an unknown key */
function payloadOf(cls: Ctor, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.keys(getMetadataStorage().groupByPropertyName(getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false, undefined)));
  const validWeight = depth === 0 ? 60 : 200;
  const fields = properties.map((p) =>
    fc.oneof({ weight: validWeight, arbitrary: likelyValid(cls, p, depth).map((v) => [p, v] as const) }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE).map((v) => [p, v] as const) }, { weight: 1, arbitrary: fc.constant(null).map(() => undefined) }),
  );
  return fc.tuple(fc.tuple(...fields), fc.oneof({ weight: depth === 0 ? 9 : 39, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('extra', '__proto__', 'constructor', 'name ') })).map(([entries, extra]) => {
    const payload: Record<string, unknown> = {};
    for (const entry of entries) if (entry) payload[entry[0]] = entry[1];
    if (extra) Object.defineProperty(payload, extra, { value: 'x', enumerable: true, configurable: true, writable: true });
    return payload;
  });
}

describe('payload fast check (compiled from the class-validator decorators)', () => {
  const contracts = [...EVENT_CONTRACTS.values()];

  it('compiles for every event contract on the platform', () => {
    for (const c of contracts) expect([c.type, payloadFastCheckOf(c.payload as Ctor) === null]).toEqual([c.type, false]);
  });

  it.each(contracts.map((c) => [c.type, c] as const))('%s: says valid exactly when class-validator does, on generated payloads (JSON round trip)', (_type, contract) => {
    const cls = contract.payload as Ctor;
    const check = payloadFastCheckOf(cls)!;
    const verdicts = { both: 0, neither: 0 };
    fc.assert(
      fc.property(payloadOf(cls), (generated) => {
        const plain = JSON.parse(JSON.stringify(generated)) as object; // as a consumer gets it
        const fast = check(plain);
        const slow = classValidatorAccepts(cls, plain);
        // the promise: "valid" only when class-validator agrees
        if (fast && !slow) throw new Error(`fast check valid, class-validator not: ${JSON.stringify(plain)}`);
        // and no needless fallback, but for keys class-transformer drops before class-validator sees them (the fallback keeps that behaviour)
        const dropped = /"(__proto__|constructor)":/.test(JSON.stringify(plain));
        if (!fast && slow && !dropped) throw new Error(`fast check not sure, class-validator valid: ${JSON.stringify(plain)}`);
        verdicts[fast ? 'both' : 'neither']++;
      }),
      { numRuns: 400, seed: 20261204 },
    );
    // not vacuous: both verdicts occur
    expect(verdicts.both).toBeGreaterThan(10);
    expect(verdicts.neither).toBeGreaterThan(10);
  });

  it('validatePayload: a valid payload comes back as it is; an invalid one still gets class-validator’s messages', () => {
    const contract = EVENT_CONTRACTS.get('parcelstream.tracking-event.normalized.v1')!;
    const valid = {
      eventId: 'e-1',
      carrierCode: 'sim-post',
      trackingNumber: 'SP1',
      status: 'IN_TRANSIT',
      rawCode: 'A1',
      description: 'Departed',
      occurredAt: '2026-12-04T10:00:00+08:00',
      location: { city: 'Shenzhen', countryCode: 'CN' },
      source: 'CARRIER',
      receivedAt: '2026-12-04T02:00:01.000Z',
    };
    expect(validatePayload(contract, valid)).toBe(valid);
    expect(() => validatePayload(contract, { ...valid, location: { city: 'Shenzhen', countryCode: 'XX1' } })).toThrow(/location\.countryCode: countryCode must be a valid ISO31661 Alpha2 code/);
    expect(() => validatePayload(contract, { ...valid, buyerName: 'A' })).toThrow(/buyerName: property buyerName should not exist/);
  });

  it('a class it cannot follow exactly gets no fast check: field initialisers', () => {
    class WithDefault {
      @IsOptional()
      @IsString()
      note?: string = 'default';
    }
    expect(payloadFastCheckOf(WithDefault)).toBeNull();
  });
});
