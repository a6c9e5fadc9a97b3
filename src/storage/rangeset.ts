/**
 * rangeset.ts — a sorted set of disjoint key ranges [begin, end) over binary-string keys
 * (btree.ts): a transaction's cleared ranges, its write-conflict ranges and, at commit, its
 * merged read ranges (memory.ts).
 */
import { compareSKeys as compareKeys, type SKey as Key } from './btree.js';

export class RangeSet {
  /** Flattened, sorted and disjoint: [begin0, end0, begin1, end1, ...]; ends are exclusive. */
  private r: Key[] = [];

  get isEmpty(): boolean {
    return this.r.length === 0;
  }

  /** clone copies the set (ranges are shared: keys are never mutated). */
  clone(): RangeSet {
    const c = new RangeSet();
    c.r = this.r.slice();
    return c;
  }

  /** add inserts [begin, end), merging it with the ranges it overlaps or touches. */
  add(begin: Key, end: Key): void {
    if (compareKeys(begin, end) >= 0) return;
    const r = this.r;
    const n = r.length >> 1;
    // lo: first range whose end >= begin; hi: first range whose begin > end.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(r[2 * mid + 1], begin) < 0) lo = mid + 1;
      else hi = mid;
    }
    let top = lo;
    hi = n;
    while (top < hi) {
      const mid = (top + hi) >>> 1;
      if (compareKeys(r[2 * mid], end) <= 0) top = mid + 1;
      else hi = mid;
    }
    if (lo < top) {
      if (compareKeys(r[2 * lo], begin) < 0) begin = r[2 * lo];
      if (compareKeys(r[2 * top - 1], end) > 0) end = r[2 * top - 1];
    }
    r.splice(2 * lo, 2 * (top - lo), begin, end);
  }

  /** lastStartingBefore returns the last range index whose begin is < k (<= k if inclusive), or -1. */
  private lastStartingBefore(k: Key, inclusive: boolean): number {
    const r = this.r;
    let lo = 0;
    let hi = r.length >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareKeys(r[2 * mid], k);
      if (c < 0 || (inclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** find returns the range [begin, end) containing `k`, or undefined. */
  find(k: Key): [Key, Key] | undefined {
    const i = this.lastStartingBefore(k, true);
    if (i < 0 || compareKeys(k, this.r[2 * i + 1]) >= 0) return undefined;
    return [this.r[2 * i], this.r[2 * i + 1]];
  }

  /** contains says whether some range holds `k`. */
  contains(k: Key): boolean {
    const i = this.lastStartingBefore(k, true);
    return i >= 0 && compareKeys(k, this.r[2 * i + 1]) < 0;
  }

  /** overlaps says whether some range intersects [begin, end). */
  overlaps(begin: Key, end: Key): boolean {
    if (compareKeys(begin, end) >= 0) return false;
    const i = this.lastStartingBefore(end, false);
    return i >= 0 && compareKeys(this.r[2 * i + 1], begin) > 0;
  }

  /** forEach calls `f` for every range in order. */
  forEach(f: (begin: Key, end: Key) => void): void {
    const r = this.r;
    for (let i = 0; i < r.length; i += 2) f(r[i], r[i + 1]);
  }

  /** toArray returns the flattened ranges (a copy). */
  toArray(): Key[] {
    return this.r.slice();
  }
}
