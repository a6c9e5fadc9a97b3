/** codec.test.ts — encodeValue/decodeValue round-trip every Value exactly and reject corrupt bytes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/common/values.js';
import { decodeValue, encodeValue } from '../../src/storage/codec.js';

/** identical: deep equality that tells -0 from 0 and Map from object. */
function identical(a: Value, b: Value): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => identical(x, b[i]));
  if (!(b instanceof Map) || a.size !== b.size) return false;
  const ea = [...a.entries()];
  const eb = [...b.entries()];
  return ea.every(([k, v], i) => eb[i][0] === k && identical(v, eb[i][1]));
}

const unit = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('\ud800', '\udfff', '\u0000', 'é'));
const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 2 ** 31, -(2 ** 31), 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
  fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }),
  fc.string({ unit, maxLength: 200 }),
  fc.uint8Array({ maxLength: 20 }).map((b) => new Uint8Array(b)),
);
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .uniqueArray(fc.tuple(fc.oneof(fc.string({ unit }), fc.constantFrom('__proto__', 'constructor', 'toString')), tie('value')), {
        maxLength: 4,
        selector: (e) => e[0],
      })
      .map((es) => new Map(es)),
  ),
}));

describe('codec: value serialization', () => {
  it('decodeValue(encodeValue(v)) is v, exactly', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(identical(decodeValue(encodeValue(v)), v)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('a "__proto__" map key is data', () => {
    const m = decodeValue(encodeValue(new Map<string, Value>([['__proto__', new Map([['polluted', true]])]]))) as Map<string, Value>;
    expect(m.get('__proto__')).toBeInstanceOf(Map);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('long strings and large arrays', () => {
    const s = 'x'.repeat(100_000) + '😀';
    expect(decodeValue(encodeValue(s))).toBe(s);
    const a = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? i : `s${i}`));
    expect(decodeValue(encodeValue(a))).toEqual(a);
  });

  it('corrupt input throws RangeError, never hangs or returns garbage silently', () => {
    fc.assert(
      fc.property(value, fc.nat(), (v, cut) => {
        const bytes = encodeValue(v);
        if (bytes.length < 2) return;
        expect(() => decodeValue(bytes.subarray(0, cut % bytes.length))).toThrow(RangeError);
      }),
      { numRuns: 1000 },
    );
    expect(() => decodeValue(Uint8Array.of(42))).toThrow(RangeError);
    expect(() => decodeValue(Uint8Array.of(0, 0))).toThrow(RangeError);
    expect(() => decodeValue(Uint8Array.of(8, 0xff, 0xff, 0xff, 0xff, 0x0f))).toThrow(RangeError);
  });
});
