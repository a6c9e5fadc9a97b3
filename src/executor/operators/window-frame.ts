/**
 * window-frame.ts — one sorted partition of a Window: its peer groups and, per call, each
 * row's frame as a half-open range of rows (minus what EXCLUDE removes).
 *
 * Frame ends only move forward as the current row does (for every valid frame), which the
 * aggregate evaluation (window-aggregate.ts) relies on to slide instead of recomputing.
 * Frame semantics: https://www.sqlite.org/windowfunctions.html#frame_specifications
 */
import type { FrameBound, WindowFrame, WindowPartition } from '../../algebra/index.js';
import type { Value } from '../../common/values.js';
import type { KeyCompare } from './sort-keys.js';

/** The peer structure of one partition (rows 0..size-1 in window order). */
export class Peers {
  /** Per row: the first row of its peer group, one past its last, and the group's number. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly group: Int32Array;
  /** Per peer group: its first row and one past its last. */
  readonly groupStart: number[] = [];
  readonly groupEnd: number[] = [];

  /** newGroup[i] says whether row i starts a new peer group (row 0 always does). */
  constructor(readonly size: number, newGroup: (i: number) => boolean) {
    this.start = new Int32Array(size);
    this.end = new Int32Array(size);
    this.group = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      if (i === 0 || newGroup(i)) {
        if (i > 0) this.groupEnd.push(i);
        this.groupStart.push(i);
      }
      this.group[i] = this.groupStart.length - 1;
      this.start[i] = this.groupStart[this.groupStart.length - 1];
    }
    if (size > 0) this.groupEnd.push(size);
    for (let i = 0; i < size; i++) this.end[i] = this.groupEnd[this.group[i]];
  }
}

/** The constant offsets of a frame's bounds, evaluated once per execution. */
export interface FrameOffsets {
  readonly start: number;
  readonly end: number;
}

/**
 * The single ORDER BY key a RANGE frame with offsets measures: its values in window order and
 * its comparator (direction and NULL placement included).
 */
export interface RangeKey {
  readonly values: readonly Value[];
  readonly compare: KeyCompare;
  readonly descending: boolean;
}

/** frameBounds computes every row's frame [start[i], end[i]) before EXCLUDE. */
export function frameBounds(frame: WindowFrame, offsets: FrameOffsets, peers: Peers, key: RangeKey | null): { start: Int32Array; end: Int32Array } {
  const n = peers.size;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const at = boundFunction(frame.units, peers, key);
  for (let i = 0; i < n; i++) {
    start[i] = at(frame.start, offsets.start, i, false);
    end[i] = at(frame.end, offsets.end, i, true);
  }
  return { start, end };
}

type BoundAt = (bound: FrameBound, offset: number, i: number, isEnd: boolean) => number;

function clamp(x: number, n: number): number {
  return x < 0 ? 0 : x > n ? n : x;
}

function boundFunction(units: WindowFrame['units'], peers: Peers, key: RangeKey | null): BoundAt {
  const n = peers.size;
  switch (units) {
    case 'rows':
      return (bound, offset, i, isEnd) => {
        const last = isEnd ? 1 : 0;
        switch (bound.type) {
          case 'unbounded-preceding':
            return 0;
          case 'preceding':
            return clamp(i - offset + last, n);
          case 'current-row':
            return i + last;
          case 'following':
            return clamp(i + offset + last, n);
          case 'unbounded-following':
            return n;
        }
      };
    case 'groups':
      return (bound, offset, i, isEnd) => {
        const edge = isEnd ? peers.groupEnd : peers.groupStart;
        const g = peers.group[i];
        switch (bound.type) {
          case 'unbounded-preceding':
            return 0;
          case 'preceding':
            return g - offset < 0 ? 0 : edge[g - offset];
          case 'current-row':
            return edge[g];
          case 'following':
            return g + offset >= edge.length ? n : edge[g + offset];
          case 'unbounded-following':
            return n;
        }
      };
    case 'range':
      return rangeBound(peers, key);
  }
}

/**
 * rangeBound measures offsets in the order key's values: `v - offset` preceding (`v + offset`
 * when descending). A row whose key is NULL (or not a number) has its peers as offset bounds;
 * NULL rows are never within an offset of a number.
 */
function rangeBound(peers: Peers, key: RangeKey | null): BoundAt {
  const n = peers.size;
  let lo = 0;
  let hi = n;
  if (key) {
    while (lo < n && key.values[lo] === null) lo++;
    while (hi > lo && key.values[hi - 1] === null) hi--;
  }
  /** The first row in [lo, hi) not before `b` (strict: after `b`) in window order. */
  const search = (b: Value, strict: boolean): number => {
    const cmp = (key as RangeKey).compare;
    const vals = (key as RangeKey).values;
    let a = lo;
    let z = hi;
    while (a < z) {
      const mid = (a + z) >>> 1;
      const c = cmp(vals[mid], b);
      if (c < 0 || (strict && c === 0)) a = mid + 1;
      else z = mid;
    }
    return a;
  };
  return (bound, offset, i, isEnd) => {
    switch (bound.type) {
      case 'unbounded-preceding':
        return 0;
      case 'unbounded-following':
        return n;
      case 'current-row':
        return isEnd ? peers.end[i] : peers.start[i];
      default: {
        const v = key ? key.values[i] : null;
        if (typeof v !== 'number' && typeof v !== 'bigint') return isEnd ? peers.end[i] : peers.start[i];
        const towardsStart = (bound.type === 'preceding') !== (key as RangeKey).descending;
        const b = Number(v) + (towardsStart ? -offset : offset);
        return search(b, isEnd);
      }
    }
  };
}

/**
 * FramedPartition is the WindowPartition one call sees: the partition's peers, the call's
 * argument values and its frame, computed on first use (ranking functions never ask).
 */
export class FramedPartition implements WindowPartition {
  private bounds: { start: Int32Array; end: Int32Array } | null = null;
  private readonly segments: number[] = [];

  constructor(
    readonly peers: Peers,
    /** argValues[k][i]: argument k on row i. */
    readonly argValues: readonly Value[][],
    readonly frame: WindowFrame,
    private readonly offsets: FrameOffsets,
    private readonly key: RangeKey | null,
  ) {}

  get size(): number {
    return this.peers.size;
  }

  get arity(): number {
    return this.argValues.length;
  }

  arg(k: number, i: number): Value {
    return this.argValues[k][i];
  }

  peerStart(i: number): number {
    return this.peers.start[i];
  }

  peerEnd(i: number): number {
    return this.peers.end[i];
  }

  /** frame returns every row's frame before EXCLUDE. */
  frameRange(): { start: Int32Array; end: Int32Array } {
    this.bounds ??= frameBounds(this.frame, this.offsets, this.peers, this.key);
    return this.bounds;
  }

  /**
   * frameSegments returns row i's frame after EXCLUDE as flat half-open ranges [a0, b0, a1, b1…]
   * (a reused array: read it before the next call).
   */
  frameSegments(i: number): readonly number[] {
    const { start, end } = this.frameRange();
    const out = this.segments;
    out.length = 0;
    const a = start[i];
    const b = end[i];
    if (a >= b) return out;
    let cuts: number[];
    switch (this.frame.exclude) {
      case 'no-others':
        out.push(a, b);
        return out;
      case 'current-row':
        cuts = [i, i + 1];
        break;
      case 'group':
        cuts = [this.peers.start[i], this.peers.end[i]];
        break;
      case 'ties':
        cuts = [this.peers.start[i], i, i + 1, this.peers.end[i]];
        break;
    }
    // Keep [a, b) minus the excluded ranges (sorted, disjoint).
    let from = a;
    for (let k = 0; k < cuts.length; k += 2) {
      const x = Math.max(cuts[k], a);
      const y = Math.min(cuts[k + 1], b);
      if (x >= y) continue;
      if (from < x) out.push(from, x);
      from = Math.max(from, y);
    }
    if (from < b) out.push(from, b);
    return out;
  }

  frameSize(i: number): number {
    if (this.frame.exclude === 'no-others') {
      const { start, end } = this.frameRange();
      return Math.max(0, end[i] - start[i]);
    }
    const s = this.frameSegments(i);
    let size = 0;
    for (let k = 0; k < s.length; k += 2) size += s[k + 1] - s[k];
    return size;
  }

  frameRow(i: number, n: number): number {
    if (n < 0) return -1;
    if (this.frame.exclude === 'no-others') {
      const { start, end } = this.frameRange();
      return start[i] + n < end[i] ? start[i] + n : -1;
    }
    const s = this.frameSegments(i);
    for (let k = 0; k < s.length; k += 2) {
      const len = s[k + 1] - s[k];
      if (n < len) return s[k] + n;
      n -= len;
    }
    return -1;
  }
}
