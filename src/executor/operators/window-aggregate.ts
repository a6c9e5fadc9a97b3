/**
 * window-aggregate.ts — an aggregate (SUM, COUNT, MIN, GROUP_CONCAT…) evaluated over every
 * row's window frame, through the registry's init/step/final (and inverse when it has one).
 *
 * Three strategies, cheapest first:
 *   - running: the frame starts at the partition's first row, so rows are only ever added
 *     (or, for commutative aggregates such as MIN, ends at its last row: added from the end);
 *   - sliding: the aggregate has an inverse, so rows leaving the frame are removed;
 *   - recompute: fold the frame afresh for each row, reusing the previous row's value when
 *     the frame is the same (peers under the default frame, whole-partition frames).
 * Frame starts and ends never move backwards (window-frame.ts), so the first two are linear.
 * A row takes part only when its FILTER is exactly true and, for aggregates that skip NULLs,
 * its first argument is not NULL.
 */
import type { AggregateDef } from '../../algebra/index.js';
import type { Value } from '../../common/values.js';
import type { Limits } from '../operator.js';
import type { FramedPartition } from './window-frame.js';

/** evaluateAggregate fills out[0..size) with the aggregate over each row's frame. */
export function evaluateAggregate(def: AggregateDef, part: FramedPartition, filter: readonly Value[] | null, out: Value[], limits: Limits): void {
  const size = part.size;
  const args = part.argValues;
  const scratch = new Array<Value>(args.length).fill(null);
  const counts = new Uint8Array(size);
  for (let j = 0; j < size; j++) {
    counts[j] = (filter === null || filter[j] === true) && !(def.skipNulls && args.length > 0 && args[0][j] === null) ? 1 : 0;
  }
  const add = (state: unknown, j: number): unknown => {
    if (counts[j] === 0) return state;
    for (let k = 0; k < args.length; k++) scratch[k] = args[k][j];
    return def.step(state, scratch);
  };
  const { start, end } = part.frameRange();

  if (part.frame.exclude !== 'no-others') {
    for (let i = 0; i < size; i++) {
      if ((i & 1023) === 1023) limits.check();
      let state = def.init();
      const s = part.frameSegments(i);
      for (let k = 0; k < s.length; k += 2) for (let j = s[k]; j < s[k + 1]; j++) state = add(state, j);
      out[i] = def.final(state);
    }
    return;
  }

  if (part.frame.start.type === 'unbounded-preceding') {
    let state = def.init();
    let hi = 0;
    for (let i = 0; i < size; i++) {
      while (hi < end[i]) state = add(state, hi++);
      out[i] = def.final(state);
    }
    return;
  }

  if (part.frame.end.type === 'unbounded-following' && def.commutative) {
    // The frame only grows towards its start: fold rows in from the partition's end.
    let state = def.init();
    let lo = size;
    for (let i = size - 1; i >= 0; i--) {
      while (lo > start[i]) state = add(state, --lo);
      out[i] = def.final(state);
    }
    return;
  }

  const inverse = def.inverse;
  if (inverse) {
    const remove = (state: unknown, j: number): unknown => {
      if (counts[j] === 0) return state;
      for (let k = 0; k < args.length; k++) scratch[k] = args[k][j];
      return inverse(state, scratch);
    };
    let state = def.init();
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < size; i++) {
      const a = start[i];
      const b = Math.max(a, end[i]);
      if (a >= hi) {
        state = def.init();
        lo = hi = a;
      }
      while (hi < b) state = add(state, hi++);
      while (lo < a) state = remove(state, lo++);
      out[i] = def.final(state);
    }
    return;
  }

  for (let i = 0; i < size; i++) {
    if (i > 0 && start[i] === start[i - 1] && end[i] === end[i - 1]) {
      out[i] = out[i - 1];
      continue;
    }
    if ((i & 1023) === 1023) limits.check();
    let state = def.init();
    for (let j = start[i]; j < end[i]; j++) state = add(state, j);
    out[i] = def.final(state);
  }
}
