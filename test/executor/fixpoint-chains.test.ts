/**
 * KeyChains (fixpoint-chains.ts, the table both hashed sides of a fused Fixpoint join build):
 * every row added is found on its key's chain, in the order added, whether the table was sized
 * ahead (reserve, reserveCodes: for as many rows and codes as will come, or fewer) or grown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyChains } from '../../src/executor/operators/fixpoint-chains.js';

/** Chains of one-column keys (or two-column ones), each row carrying one output code. */
class Chains extends KeyChains {
  constructor(keyColumns: number) {
    super(keyColumns, 1);
  }

  add(key: readonly number[], out: number): void {
    for (let k = 0; k < key.length; k++) this.key[k] = key[k];
    this.out[this.append()] = out;
  }

  sized(rows: number, codes: number): void {
    this.reserve(rows);
    this.reserveCodes(codes);
  }

  chain(key: readonly number[]): number[] {
    const e = this.entryOf(key);
    const got: number[] = [];
    if (e < 0) return got;
    for (let j = this.firstRow(e) - 1; j >= 0; j = this.next[j] - 1) got.push(this.out[j]);
    return got;
  }
}

describe('KeyChains', () => {
  for (const keyColumns of [1, 2]) {
    it(`keys of ${keyColumns} column(s): each key's chain holds its rows in the order added, sized ahead or not`, () => {
      const code = fc.integer({ min: 0, max: 5000 });
      fc.assert(
        fc.property(fc.array(fc.array(code, { minLength: keyColumns, maxLength: keyColumns }), { maxLength: 400 }), fc.nat(800), fc.nat(6000), (keys, rows, codes) => {
          const chains = new Chains(keyColumns);
          chains.sized(rows, codes);
          const want = new Map<string, number[]>();
          keys.forEach((key, i) => {
            chains.add(key, i);
            const k = key.join(',');
            want.set(k, [...(want.get(k) ?? []), i]);
          });
          expect(chains.count).toBe(keys.length);
          for (const [k, outs] of want) expect(chains.chain(k.split(',').map(Number))).toEqual(outs);
          expect(chains.chain(Array.from({ length: keyColumns }, () => 5001))).toEqual([]);
        }),
        { numRuns: 100 },
      );
    });
  }
});
