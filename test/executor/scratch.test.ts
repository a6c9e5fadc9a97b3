/**
 * scratch.ts: the executor's pooled working memory. What is reused is memory, never contents:
 * an array taken again comes back zero-filled, arrays lent at once never share memory, and an
 * array given back twice (or one the pool never lent) is not handed out twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float64s, int32s, release } from '../../src/executor/scratch.js';

describe('scratch memory', () => {
  it('hands out zero-filled arrays of the length asked, never two sharing memory while lent', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40_000 }), fc.boolean()), { minLength: 1, maxLength: 30 }), (steps) => {
        const lent: (Float64Array | Int32Array)[] = [];
        for (const [wide, length, giveBack] of steps) {
          const a = wide ? float64s(length) : int32s(length);
          expect(a.length).toBe(length);
          expect(a.every((x) => x === 0)).toBe(true);
          for (const other of lent) expect(other.buffer === a.buffer && other.byteLength > 0 && a.byteLength > 0).toBe(false);
          a.fill(7);
          lent.push(a);
          if (giveBack) {
            const back = lent.splice(Math.floor(lent.length / 2), 1)[0];
            release(back);
            release(back);
          }
        }
        release(...lent);
      }),
      { numRuns: 100 },
    );
  });

  it('reuses an array given back, and ignores arrays it never lent', () => {
    const a = float64s(50_000);
    const buffer = a.buffer;
    a.fill(3);
    release(a);
    const b = float64s(40_000);
    expect(b.buffer).toBe(buffer);
    expect(b.every((x) => x === 0)).toBe(true);
    const foreign = new Float64Array(50_000);
    release(foreign, b);
    const c = float64s(50_000);
    const d = float64s(50_000);
    expect(c.buffer === foreign.buffer || d.buffer === foreign.buffer).toBe(false);
    expect(c.buffer === d.buffer).toBe(false);
    release(c, d);
  });
});
