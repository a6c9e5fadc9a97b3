/**
 * join-driver.ts — the join-kind logic shared by hash, index nested-loop and nested-loop
 * joins. A join differs only in where a left row's candidate right rows come from (a hash
 * bucket, an index lookup, every right row) — the JoinSource — and in how a mark join decides
 * that "no match" is unknown rather than false. Everything else (logical.ts semantics) is here:
 *
 *   inner  left ++ right for every candidate whose condition is exactly true
 *   left   as inner, plus left ++ NULLs for a left row with no such candidate
 *   semi   the left row once if some candidate's condition is true
 *   anti   the left row if none is (EXISTS semantics: unknown counts as no match)
 *   mark   left ++ [m]: m = true if some condition is true; otherwise null if some condition
 *          was unknown — the condition returned null for a candidate, or the source reports
 *          a comparison with a NULL key that it filtered out (SQL IN with NULLs); else false
 *
 * Inner and left joins may fan out, so they stop at BATCH_SIZE output rows and resume in the
 * middle of a left row's candidates on the next call.
 */
import type { Evaluator, JoinKind } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PickKernel } from '../codegen.js';
import { BATCH_SIZE, type Limits, type Operator } from '../operator.js';
import { blankRow, pair, single } from '../row-sites.js';

/** The right side of a join as seen from one left row. */
export interface JoinSource {
  /** candidates returns the right rows that may match `left` (never null; an empty array for none). The array stays valid until the next call. */
  candidates(left: Row): readonly Row[];
  /**
   * Optional: `batch` is the left batch whose rows candidates will be asked for next, in order;
   * a source may look them all up at once (index-join.ts: point reads of a batch in one loop).
   */
  prepare?(batch: readonly Row[]): void;
  /**
   * Optional: after prepare, the one candidate of each row of the prepared batch by position
   * (undefined: none) when the source has at most one per left row and decided them all at
   * prepare (index-join.ts point reads by a batch's keys); null otherwise. Valid until the next
   * prepare.
   */
  preparedRows?(): readonly (Row | undefined)[] | null;
  /**
   * Optional, for semi and anti joins without a condition: writes the rows of `batch` that have
   * some candidate (`keep`) or none (`!keep`) into `out` from position 0, in order, and returns
   * how many — what asking candidates row by row decides, in one loop of the source's own (no
   * call through this interface per row).
   */
  sieve?(batch: readonly Row[], keep: boolean, out: Row[]): number;
  /** For mark joins, after no candidate matched and none was unknown: whether a comparison the source skipped (NULL keys) was unknown. */
  unknownWithoutMatch(left: Row, join: JoinOperator): boolean;
  close(): void;
}

/** The share of its estimate an inner or left join's output batches make room for (estimates of small joins are often low: SQL Q3's 153 rows for 284). */
const ROOM = 1.25;

export const NO_ROWS: readonly Row[] = Object.freeze([]) as readonly Row[];

/**
 * The output rows and batch array of a join whose consumer keeps none of its rows (JoinOperator's
 * `reused`), kept by the compiled join from one run to the next and lent to one open join at a
 * time: a run of SQL Q4 made a thousand rows and grew two arrays to a thousand slots for the
 * hash join under its aggregate, a fifth of the bytes it allocated, only to drop them at the end.
 */
export class ReusedRows {
  /** The reused output rows, made as batches first need them. */
  readonly rows: Row[] = [];
  /** The reused batch array. */
  readonly out: Row[] = [];
  lent = false;
  /** What a reused row is first copied from (`slice`: no allocation site to pretenure; hash-aggregate.ts). */
  readonly blank: Row;

  constructor(width: number) {
    this.blank = new Array<Value>(width).fill(null);
  }

  /** lend returns these rows if no open join holds them, else a private set for the caller alone. */
  lend(): ReusedRows {
    if (this.lent) return new ReusedRows(this.blank.length);
    this.lent = true;
    return this;
  }
}

export class JoinOperator implements Operator {
  private batch: Row[] | null = null;
  private li = 0;
  private cands: readonly Row[] | null = null;
  private ci = 0;
  private matched = false;
  /** The prepared batch's candidates by position (JoinSource.preparedRows), or null. */
  private one: readonly (Row | undefined)[] | null = null;
  private done = false;
  /** The joined row a condition is tested on (fillScratch), made when first needed: most joins test none. */
  private scratch: Row | null = null;

  constructor(
    private readonly kind: JoinKind,
    private readonly left: Operator,
    private readonly source: JoinSource,
    /** Evaluated on left ++ right; null means every candidate matches. */
    private readonly condition: Evaluator | null,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    private readonly limits: Limits,
    /**
     * Inner and left joins only: the output row's slots as positions in left ++ right (a
     * projection fused into the join, project.ts), so the wide joined row is never built.
     */
    private readonly emit: Int32Array | null = null,
    /** Inner and left joins: the output rows the plan expects (its estimate), to size an output batch before filling it. */
    expected = 0,
    /**
     * With `emit`: the consumer is done with a batch's rows before it asks for the next batch
     * and keeps none of them (a hash aggregate folding them: hash-aggregate.ts), so each batch's
     * rows are written into arrays reused from batch to batch, and from run to run (ReusedRows,
     * the compiled join's: borrowed here, given back at close), and the batch array too.
     */
    reused: ReusedRows | null = null,
    /**
     * The source's candidates are fresh arrays, each handed out once (index-join.ts: rows decoded
     * from a covering index's entries): a fused projection that is exactly the right row emits it.
     */
    rightOwned = false,
    /**
     * A test of the right row alone (a residual on its columns only: index-join.ts), not a mark
     * join's: a candidate matches only if it holds (and then `condition`). The source's candidates
     * may be its store's arrays as they are, read once here, instead of a filtered copy per lookup.
     */
    private readonly rightTest: Evaluator | null = null,
    /** With `rightTest`, an output of one right column (`oneRight`): the test and the output rows in one generated loop (codegen.ts), or null. */
    private readonly pick: PickKernel | null = null,
  ) {
    this.room = expected >= 1 ? Math.ceil(expected * ROOM) : 0;
    this.rightAsIs = rightOwned && emit !== null && emit.length === rightWidth && emit.every((s, j) => s === leftWidth + j);
    this.oneRight = emit !== null && emit.length === 1 && emit[0] >= leftWidth && condition === null && !this.rightAsIs && reused === null ? emit[0] - leftWidth : -1;
    if (rightTest !== null && kind === 'mark') throw new Error('executor: a mark join tests its condition on the joined row (no right test)');
    if (reused !== null && emit !== null) {
      const own = reused.lend();
      this.reused = own;
      this.ring = own.rows;
      this.reusedOut = own.out;
    }
  }

  /** The reused rows borrowed (given back at close), or null when rows are fresh. */
  private reused: ReusedRows | null = null;
  /** The reused output rows (ReusedRows.rows); null when rows are fresh. */
  private ring: Row[] | null = null;
  /** The reused batch array (ReusedRows.out). */
  private reusedOut: Row[] | null = null;

  /**
   * The output rows an inner or left join makes room for (its estimate and a quarter, ROOM): a
   * batch is made with the room not yet filled by earlier batches, at most BATCH_SIZE, and grows
   * past it (from empty once the room is used up).
   */
  private room: number;

  /** Whether a matched pair's output row is the right row itself (see `rightOwned`). */
  private readonly rightAsIs: boolean;

  /**
   * The right row's slot of an output row that is one column of it, under no condition (but
   * perhaps a right test) and into fresh rows (-1 otherwise): SELECT b.x FROM a JOIN b…, SQL Q3's
   * friends of friends. Such rows are made in a loop of their own (projectPair's call and
   * branches per pair cost a tenth of Q3).
   */
  private readonly oneRight: number;

  next(): Row[] | null {
    if (this.done) return null;
    this.limits.check();
    switch (this.kind) {
      case 'inner':
        return this.nextProduct(false);
      case 'left':
        return this.nextProduct(true);
      case 'semi':
        return this.nextFiltered(true);
      case 'anti':
        return this.nextFiltered(false);
      case 'mark':
        return this.nextMark();
    }
  }

  close(): void {
    this.done = true;
    this.batch = null;
    this.cands = null;
    this.one = null;
    if (this.reused !== null) {
      this.reused.lent = false;
      this.reused = null;
      this.ring = null;
    }
    this.left.close();
    this.source.close();
  }

  /** conditionNotFalse says whether the condition on left ++ right could hold (true or unknown); for sources' mark checks. */
  conditionNotFalse(left: Row, right: Row): boolean {
    // (Mark joins only, which have no right test.)
    if (this.condition === null) return true;
    const s = this.fillScratch(left, right);
    return this.condition(s) !== false;
  }

  private fillScratch(left: Row, right: Row): Row {
    const s = this.scratch ?? (this.scratch = new Array<Value>(this.leftWidth + this.rightWidth).fill(null));
    const lw = this.leftWidth;
    for (let j = 0; j < lw; j++) s[j] = left[j];
    const rw = this.rightWidth;
    for (let j = 0; j < rw; j++) s[lw + j] = right[j];
    return s;
  }

  private nextProduct(padLeft: boolean): Row[] | null {
    let batch = this.batch;
    let li = this.li;
    if (batch === null || li >= batch.length) {
      // The next left batch before an output batch: a join whose left side is empty makes none.
      batch = this.nextLeft();
      li = 0;
      if (batch === null) return null;
    }
    // Sized for the rows expected and filled by position: a batch grown by push from empty was
    // copied at each growth (garbage of about its size again, on a small query's every join).
    const ring = this.ring;
    const room = this.room;
    const out: Row[] = ring !== null ? (this.reusedOut as Row[]) : room > 0 ? new Array<Row>(room < BATCH_SIZE ? room : BATCH_SIZE) : [];
    let k = 0;
    const lw = this.leftWidth;
    const rw = this.rightWidth;
    const w = lw + rw;
    const cond = this.condition;
    const source = this.source;
    const emit = this.emit;
    const asIs = this.rightAsIs;
    const oneRight = this.oneRight;
    const test = this.rightTest;
    let cands = this.cands;
    let ci = this.ci;
    let matched = this.matched;
    let spare: Row | null = null;
    for (;;) {
      if (batch === null || li >= batch.length) {
        batch = this.nextLeft();
        li = 0;
        if (batch === null) break;
      }
      const n = batch.length;
      const one = this.one;
      if (one !== null && emit !== null) {
        // Point reads of the whole batch: each left row's one candidate is by its position (no call per row).
        while (li < n) {
          const l = batch[li];
          const r = one[li++];
          let o: Row;
          if (r !== undefined && (test === null || test(r) === true) && (cond === null || cond(this.fillScratch(l, r)) === true)) {
            o = asIs ? r : ring === null ? projectPair(emit, lw, l, r) : this.reusedPair(ring, k, emit, lw, l, r);
          } else if (padLeft) o = ring === null ? projectPair(emit, lw, l, null) : this.reusedPair(ring, k, emit, lw, l, null);
          else continue;
          out[k++] = o;
          if (k >= BATCH_SIZE) break;
        }
        if (k >= BATCH_SIZE) break;
        continue;
      }
      while (li < n) {
        const l = batch[li];
        if (cands === null) {
          cands = source.candidates(l);
          ci = 0;
          matched = false;
        }
        const m = cands.length;
        if (oneRight >= 0) {
          // One column of the right rows, no condition: every candidate's output row is that value (if
          // it passes the right test), made in one tight loop.
          while (ci < m) {
            const end = m - ci <= BATCH_SIZE - k ? m : ci + (BATCH_SIZE - k);
            const from = k;
            // (Loops of functions of their own: inside this one the same loop ran at three quarters the speed.)
            if (test === null) k = pickColumn(cands, ci, end, out, k, oneRight);
            else k = this.pick !== null ? this.pick(cands, ci, end, out, k) : pickTested(cands, ci, end, out, k, oneRight, test);
            ci = end;
            if (k > from) matched = true;
            if (k >= BATCH_SIZE) return this.pause(batch, li, cands, ci, matched, room, out, k);
          }
        }
        while (ci < m) {
          const r = cands[ci++];
          if (test !== null && test(r) !== true) continue;
          let o: Row;
          if (emit !== null) {
            // Fused projection: test the condition on a scratch row, build only the output.
            if (cond !== null && cond(this.fillScratch(l, r)) !== true) continue;
            o = asIs ? r : ring === null ? projectPair(emit, lw, l, r) : this.reusedPair(ring, k, emit, lw, l, r);
          } else {
            if (spare !== null) {
              o = spare;
              spare = null;
            } else o = new Array<Value>(w);
            for (let j = 0; j < lw; j++) o[j] = l[j];
            for (let j = 0; j < rw; j++) o[lw + j] = r[j];
            if (cond !== null && cond(o) !== true) {
              spare = o;
              continue;
            }
          }
          matched = true;
          out[k++] = o;
          if (k >= BATCH_SIZE) return this.pause(batch, li, cands, ci, matched, room, out, k);
        }
        if (padLeft && !matched) {
          if (emit !== null) {
            const o = ring === null ? projectPair(emit, lw, l, null) : this.reusedPair(ring, k, emit, lw, l, null);
            out[k++] = o;
          } else {
            const o = new Array<Value>(w);
            for (let j = 0; j < lw; j++) o[j] = l[j];
            for (let j = lw; j < w; j++) o[j] = null;
            out[k++] = o;
          }
        }
        cands = null;
        li++;
        if (k >= BATCH_SIZE) break;
      }
      if (k >= BATCH_SIZE) break;
    }
    this.pause(batch, li, cands, ci, matched, room, out, k);
    return k > 0 ? out : null;
  }

  /** nextLeft reads the next left batch and prepares the source for it; null (and done) at the end. */
  private nextLeft(): Row[] | null {
    const batch = this.left.next();
    if (batch === null) {
      this.done = true;
      this.batch = null;
      return null;
    }
    const source = this.source;
    source.prepare?.(batch);
    this.one = this.emit !== null && source.preparedRows !== undefined ? source.preparedRows() : null;
    return batch;
  }

  /** pause keeps where an output batch stopped in the left batch and its row's candidates, and returns the batch (k rows). */
  private pause(batch: Row[] | null, li: number, cands: readonly Row[] | null, ci: number, matched: boolean, room: number, out: Row[], k: number): Row[] {
    this.batch = batch;
    this.li = li;
    this.cands = cands;
    this.ci = ci;
    this.matched = matched;
    this.room = room - k;
    out.length = k;
    return out;
  }

  /** reusedPair is projectPair written into the ring's row `i` (made on first need). */
  private reusedPair(ring: Row[], i: number, emit: Int32Array, lw: number, l: Row, r: Row | null): Row {
    let o = ring[i];
    if (o === undefined) {
      o = (this.reused as ReusedRows).blank.slice();
      ring.push(o);
    }
    return writePair(o, emit, lw, l, r);
  }

  /** semi (keep = true) and anti (keep = false): left rows with / without a matching candidate. */
  private nextFiltered(keep: boolean): Row[] | null {
    const cond = this.condition;
    for (;;) {
      const batch = this.left.next();
      if (batch === null) {
        this.done = true;
        return null;
      }
      const source = this.source;
      source.prepare?.(batch);
      // At most the whole batch passes: one array of its size, cut to the rows kept (not grown by push).
      const out: Row[] = new Array<Row>(batch.length);
      let n = 0;
      const test = this.rightTest;
      if (cond === null && test === null && source.sieve !== undefined) n = source.sieve(batch, keep, out);
      else for (let i = 0; i < batch.length; i++) {
        const l = batch[i];
        const cands = this.source.candidates(l);
        let found = false;
        if (cond === null && test === null) found = cands.length > 0;
        else {
          for (let c = 0; c < cands.length; c++) {
            const r = cands[c];
            if ((test === null || test(r) === true) && (cond === null || cond(this.fillScratch(l, r)) === true)) {
              found = true;
              break;
            }
          }
        }
        if (found === keep) out[n++] = l;
      }
      if (n === batch.length) return batch;
      if (n > 0) {
        out.length = n;
        return out;
      }
    }
  }

  private nextMark(): Row[] | null {
    const batch = this.left.next();
    if (batch === null) {
      this.done = true;
      return null;
    }
    const cond = this.condition;
    const lw = this.leftWidth;
    const out: Row[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const l = batch[i];
      const cands = this.source.candidates(l);
      let mark: boolean | null = false;
      if (cond === null) mark = cands.length > 0;
      else {
        for (let c = 0; c < cands.length; c++) {
          const v = cond(this.fillScratch(l, cands[c]));
          if (v === true) {
            mark = true;
            break;
          }
          if (v === null) mark = null;
        }
      }
      if (mark === false && this.source.unknownWithoutMatch(l, this)) mark = null;
      const o = new Array<Value>(lw + 1);
      for (let j = 0; j < lw; j++) o[j] = l[j];
      o[lw] = mark;
      out[i] = o;
    }
    return out;
  }
}

/** pickColumn writes the row [r[slot]] of each row r of rows[from..to) to out[o..]; returns the next free position of out. */
function pickColumn(rows: readonly Row[], from: number, to: number, out: Row[], o: number, slot: number): number {
  for (let i = from; i < to; i++) out[o++] = single(rows[i][slot]);
  return o;
}

/** pickTested is pickColumn of the rows that pass `test` (a PickKernel with the test called, where code is not generated). */
function pickTested(rows: readonly Row[], from: number, to: number, out: Row[], o: number, slot: number, test: Evaluator): number {
  for (let i = from; i < to; i++) {
    const r = rows[i];
    if (test(r) === true) out[o++] = single(r[slot]);
  }
  return o;
}

/**
 * projectPair builds a fused projection's output row from a left row and a right row (null:
 * the NULL padding of a left join); `emit` holds positions in left ++ right.
 */
function projectPair(emit: Int32Array, lw: number, l: Row, r: Row | null): Row {
  const ew = emit.length;
  if (ew === 1) {
    // One column (SQL Q3's friends of friends): a literal allocates in one step (single).
    const s0 = emit[0];
    return single(s0 < lw ? l[s0] : r === null ? null : r[s0 - lw]);
  }
  if (ew === 2) {
    // The common binary relation: a literal pair allocates in one step (pair).
    const s0 = emit[0];
    const s1 = emit[1];
    return pair(s0 < lw ? l[s0] : r === null ? null : r[s0 - lw], s1 < lw ? l[s1] : r === null ? null : r[s1 - lw]);
  }
  return writePair(blankRow(ew), emit, lw, l, r);
}

/** writePair writes the fused projection `emit` of the pair (l, r) into `o` (r null: a padded left row) and returns it. */
function writePair(o: Row, emit: Int32Array, lw: number, l: Row, r: Row | null): Row {
  for (let j = 0; j < emit.length; j++) {
    const s = emit[j];
    o[j] = s < lw ? l[s] : r === null ? null : r[s - lw];
  }
  return o;
}
