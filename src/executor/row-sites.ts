/**
 * row-sites.ts — the array literals that make the executor's output rows of one and two values
 * (and the blank rows of more), shared by the join driver, the projections (the operators, their
 * generated kernels, a point lookup's one row) and the generated pick kernels.
 *
 * Why they live in functions of their own: each literal is one V8 allocation site, and V8 decides
 * per site, once, whether its arrays are allocated in the old generation (allocation-site
 * pretenuring): at the first collection after a hundred of them, "tenure" when nearly all are
 * still alive, else "don't tenure" — which is final. A query's first run is interpreted and
 * marks its rows for that count; if a full collection then finds them all alive (the caller kept
 * the answer; a benchmark collects before timing), every row of every later run is made in the
 * old generation. Measured: SQL Q6 ran 450-650 µs instead of 73 for 15,000 runs after one such
 * gc(), Q3 200-280 instead of 45-120 (--no-allocation-site-pretenuring: fast). Projections had
 * sites of their own until they made their rows here too: a table100k filtered scan's 500 rows
 * kept across one gc() decided "tenure" (node --trace-pretenuring-statistics) for every later
 * projection of columns in the process, and a generated kernel's literal likewise for every
 * plan of its source text. So the sites are settled when this module loads (settleRowSites),
 * with rows nobody keeps. The literals stay as fast as before: a call of these is inlined; a
 * blank's slice() instead cost Q6 13-20%.
 */
import type { Row, Value } from '../common/values.js';

/** single is the row [v]. */
export function single(v: Value): Row {
  return [v];
}

/** pair is the row [a, b]. */
export function pair(a: Value, b: Value): Row {
  return [a, b];
}

/** blankRow is a row of n values to be written by position. */
export function blankRow(n: number): Row {
  return new Array<Value>(n);
}

/** rowOfSlots is the row of `row`'s values at `slots`, in order (a projection of columns). */
export function rowOfSlots(row: Row, slots: Int32Array): Row {
  const n = slots.length;
  if (n === 2) return pair(row[slots[0]], row[slots[1]]);
  if (n === 1) return single(row[slots[0]]);
  const out = blankRow(n);
  for (let j = 0; j < n; j++) out[j] = row[slots[j]];
  return out;
}

/**
 * settleRowSites makes each site above allocate rows that die young, so that V8 decides "don't
 * tenure" for it. It calls the sites themselves, not their callers: the operators' type feedback
 * stays what the queries give it. Small integers only: the sites' element kinds stay as a fresh
 * process's first query finds them.
 */
function settleRowSites(): void {
  for (let i = 0; i < SETTLE_ROWS; i++) {
    single(i);
    pair(i, i);
    blankRow(3);
  }
}

/** Rows each site makes at load: well past the hundred V8 counts before it decides, so that the first collection decides "don't tenure". */
const SETTLE_ROWS = 1000;
settleRowSites();
