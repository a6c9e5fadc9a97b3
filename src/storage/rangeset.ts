/**
 * rangeset.ts — a sorted set of disjoint key ranges [begin, end) over binary-string keys
 * (btree.ts): a transaction's cleared ranges, its write-conflict ranges (one per unique-index
 * check, so there can be many) and, at commit, its merged read ranges (memory.ts).
 *
 * Stored as a B+tree from begin to end: add, contains and overlaps are O(log n) and clone is
 * O(1), which savepoints rely on.
 */
import { newKeyTree, type BTree, type SKey } from './btree.js';

export class RangeSet {
  private t: BTree<SKey, SKey> = newKeyTree<SKey>();

  get isEmpty(): boolean {
    return this.t.size === 0;
  }

  /** clone copies the set in O(1) (copy-on-write). */
  clone(): RangeSet {
    const c = new RangeSet();
    c.t = this.t.clone();
    return c;
  }

  /** add inserts [begin, end), merging it with the ranges it overlaps or touches. */
  add(begin: SKey, end: SKey): void {
    if (begin >= end) return;
    const t = this.t;
    const prev = t.getPairOrNextLower(begin);
    if (prev !== undefined && prev[1] >= begin) {
      if (prev[1] >= end) return;
      begin = prev[0];
    }
    for (;;) {
      const next = t.getPairOrNextHigher(begin);
      if (next === undefined || next[0] > end) break;
      const nextEnd = next[1];
      t.delete(next[0]);
      if (nextEnd > end) end = nextEnd;
    }
    t.set(begin, end);
  }

  /** find returns the range [begin, end) containing `k`, or undefined. */
  find(k: SKey): [SKey, SKey] | undefined {
    const p = this.t.getPairOrNextLower(k);
    return p !== undefined && k < p[1] ? [p[0], p[1]] : undefined;
  }

  /** contains says whether some range holds `k`. */
  contains(k: SKey): boolean {
    const p = this.t.getPairOrNextLower(k);
    return p !== undefined && k < p[1];
  }

  /** overlaps says whether some range intersects [begin, end). */
  overlaps(begin: SKey, end: SKey): boolean {
    if (begin >= end) return false;
    const p = this.t.nextLowerPair(end);
    return p !== undefined && p[1] > begin;
  }

  /** forEach calls `f` for every range in order. */
  forEach(f: (begin: SKey, end: SKey) => void): void {
    this.t.forEachPair((b, e) => {
      f(b, e);
    });
  }

  /** toArray returns the ranges flattened: [begin0, end0, begin1, end1, ...]. */
  toArray(): SKey[] {
    const out: SKey[] = [];
    this.forEach((b, e) => out.push(b, e));
    return out;
  }
}
