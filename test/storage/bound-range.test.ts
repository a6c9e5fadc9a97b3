/**
 * bound-range.test.ts — layout.ts boundRangeBinary, the [begin, end) of an index probe: begin is
 * the bound's encoding and end is keys.ts prefixEnd of it, so the range holds exactly the keys
 * that extend the bound (including bounds whose encoding ends in 0xff bytes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyString } from '../../src/storage/btree.js';
import { prefixEnd } from '../../src/storage/keys.js';
import { boundKeyBinary, boundRangeBinary, idPrefix } from '../../src/storage/layout.js';

const value = fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string(), fc.constant(null), fc.boolean());

describe('boundRangeBinary', () => {
  it('is [boundKeyBinary, prefixEnd of it] and holds exactly the keys extending the bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.array(value, { maxLength: 4 }), fc.array(value, { maxLength: 3 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (id, values, more, desc) => {
        const [begin, end] = boundRangeBinary(id, values, desc);
        expect(begin).toBe(boundKeyBinary(id, values, desc));
        const bytes = Uint8Array.from(begin, (c) => c.charCodeAt(0));
        expect(end).toBe(keyString(prefixEnd(bytes)));
        // A key extending the bound lies in the range; the next id's keys do not.
        const longer = boundKeyBinary(id, [...values, ...more], [...desc, ...more.map(() => false)]);
        expect(longer >= begin && longer < end).toBe(true);
        const other = keyString(idPrefix(id + 1));
        expect(other >= begin && other < end).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
