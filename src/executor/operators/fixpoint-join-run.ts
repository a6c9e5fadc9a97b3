/**
 * fixpoint-join-run.ts — the fused join of one Fixpoint run (fixpoint-join.ts explains the
 * shape and why): probes the built side (fixpoint-built-side.ts) with the left side's rows and
 * adds each joined tuple of codes to the target relation, or — for an index join whose
 * looked-up relation is not all hashed yet — runs the part through its index lookups.
 */
import type { Evaluator } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import { BATCH_SIZE, type Open } from '../operator.js';
import { RecursiveRows } from '../recursive-rows.js';
import type { ValueCodes } from '../value-codes.js';
import { BuiltSide, concatInto } from './fixpoint-built-side.js';
import type { Driver, JoinPart } from './fixpoint-join.js';
import type { StepRun } from './fixpoint-step.js';
import { hashedLookups, LookupRun, storedRowCount } from './fixpoint-lookups.js';
import { streamStored } from './fixpoint-streamed.js';

/**
 * An index probe costs about as much as reading and hashing this many stored rows (measured:
 * 1–3 µs against 100–150 ns), and a part makes at least PROBES_BEFORE_SCAN lookups before
 * it reads any (a walk of a hundred nodes never pays for reading a relation it will not
 * finish). See fixpoint-join.ts.
 */
const SCAN_ROWS_PER_PROBE = 8;
/**
 * The same for a lookup the store answers by hash (hashedLookups: a Map get, its rows' values
 * coded), against a probe of a hashed built side by a code: measured on the workload's Q7, whose
 * 2,000 lookups now cost less than reading and hashing its two relations of 6,725 rows.
 */
const SCAN_ROWS_PER_HASHED_PROBE = 2;
const PROBES_BEFORE_SCAN = 256;

/** The fused join of one Fixpoint run. */
export class JoinRun implements StepRun {
  private built: BuiltSide | null = null;
  /** A 'stored' right side's lookups while it is not all hashed. */
  private lookups: LookupRun | null = null;
  private iterations = 0;
  /** A 'stored' right side: whether it is all read into `built`, and the lookups its index has answered (or would have). */
  private complete = false;
  private probes = 0;
  /** A 'stored' right side: whether the store answers its lookups by hash (hashedLookups), once it has said so in this run; then fewer rows are worth a lookup. */
  private hashed = false;
  /** A 'stored' right side: its rows as the store counts them (null: not counted, or not asked yet). */
  private stored: number | null | undefined = undefined;
  private readonly key: Value[];
  /** The output tuple of codes being assembled. */
  private readonly tuple: Int32Array;
  private readonly joined: Value[];
  /** A chained left side's join (fixpoint-join.ts drivingSide), run into the left relation before each run. */
  private readonly feed: JoinRun | null;
  /** An invariant chained left side's rows (JoinPart.feedInvariant), once filled. */
  private fed: RecursiveRows | null = null;

  constructor(private readonly part: JoinPart) {
    this.feed = part.feed === null ? null : new JoinRun(part.feed);
    const n = part.left.kind === 'codes' ? part.left.keySlots.length : part.left.keys.length;
    this.key = new Array<Value>(n).fill(null);
    this.tuple = new Int32Array(part.fromLeft.length + part.fromRight.length);
    this.joined = new Array<Value>(part.leftWidth + part.rightWidth).fill(null);
  }

  run(): void {
    const { part } = this;
    const target = part.target.rows;
    const dictionary = target.dictionary as ValueCodes;
    if (this.feed !== null) this.fill(dictionary);
    // A kept built side that reads one of this Fixpoint's relations in full sees the rows that
    // relation gained in the last iteration from now on.
    if (this.built !== null && part.keep === 'extend' && this.iterations > 0) this.built.load(true);
    this.iterations++;
    if (part.right.kind === 'stored' && !this.complete) {
      // Until the looked-up relation is all hashed, this iteration runs through its index
      // lookups, and the rows read so far keep up with SCAN_ROWS_PER_PROBE per lookup made.
      const driving = drivingRows(part.right.drivers);
      this.probes += driving;
      // Lookups the store answers by hash cost a few rows' reads, not a walk's worth.
      if (!this.hashed) this.hashed = hashedLookups(part.right.lookups, driving);
      const budget = (this.hashed ? SCAN_ROWS_PER_HASHED_PROBE : SCAN_ROWS_PER_PROBE) * this.probes;
      // Where the store counts the relation's rows, a read that would stop short of its end is
      // not started: rows read before the Fixpoint ends are wasted, and a large relation
      // walked by a few thousand lookups (RDF's quads under a path) would pay for them every run.
      if (this.stored === undefined) this.stored = storedRowCount(part.right.lookups);
      if (this.probes >= PROBES_BEFORE_SCAN && (this.stored === null || this.stored <= budget)) {
        // A part run once reads the relation once: past the driving rows, hashed instead (fixpoint-streamed.ts).
        if (part.once && part.right.fixed === null) {
          if (streamStored(part, dictionary, target, budget)) return;
        } else {
          this.built ??= new BuiltSide(part, dictionary);
          this.complete = this.built.loadSome(budget - this.built.read);
        }
      }
      if (!this.complete) {
        this.lookups ??= new LookupRun(part, part.right.lookups);
        if (!this.lookups.run(target)) target.addAll(part.right.viaIndex);
        return;
      }
    }
    try {
      if (part.left.kind === 'codes') this.probeCodes(part.left.state.rows, part.left.delta, part.left.keySlots, target);
      else this.probeRows(part.left.open, part.left.keys, target, dictionary);
    } finally {
      if (part.keep === 'rebuild') this.dropBuilt();
    }
  }

  close(): void {
    this.dropBuilt();
    this.feed?.close();
    // The chained left side's rows of this run (filled by `fill`) are read by nothing after it.
    if (this.feed !== null) {
      const left = this.part.left as Extract<JoinPart['left'], { kind: 'codes' }>;
      left.state.rows.release();
      this.fed = null;
    }
  }

  /** dropBuilt ends the built side's read and gives its chains back to the pool. */
  private dropBuilt(): void {
    this.built?.close();
    this.built?.release();
    this.built = null;
  }

  /**
   * fill runs the chained left side's join into its relation, afresh: the rows this run is driven
   * by. An invariant one (JoinPart.feedInvariant) is run on the first run only and its rows kept.
   */
  private fill(dictionary: ValueCodes): void {
    const left = this.part.left as Extract<JoinPart['left'], { kind: 'codes' }>;
    const joined = left.state;
    // Set again each run: the relation's state belongs to the compiled part, not to this run.
    if (this.fed !== null) {
      joined.rows = this.fed;
      return;
    }
    // The last iteration's rows are read by nothing more.
    joined.rows.release();
    joined.rows = new RecursiveRows(joined.relation.columns.length, dictionary, false);
    (this.feed as JoinRun).run();
    joined.rows.advance();
    if (this.part.feedInvariant) this.fed = joined.rows;
  }

  /** builtSide returns the built side, building it on the first probe (an empty left side never reads the right one). */
  private builtSide(dictionary: ValueCodes): BuiltSide {
    if (this.built === null) {
      this.built = new BuiltSide(this.part, dictionary);
      this.built.load(false);
    }
    return this.built;
  }

  /** probeCodes probes with the rows of a relation of this Fixpoint, read as codes. */
  private probeCodes(rows: RecursiveRows, delta: boolean, keySlots: Int32Array, target: RecursiveRows): void {
    const { key, tuple } = this;
    const { fromLeft, leftSlots, residual, limits } = this.part;
    const dictionary = rows.dictionary as ValueCodes;
    const nullCode = dictionary.nullCode;
    const w = rows.width;
    const end = rows.to;
    // The usual case: a key of one column, a pair out, one code from each side.
    const oneKey = keySlots.length === 1 ? keySlots[0] : -1;
    const pair = target.width === 2 && fromLeft.length === 1 && residual === null ? leftSlots[0] : -1;
    let built: BuiltSide | null = null;
    for (let i = delta ? rows.from : 0; i < end; i++) {
      if (i % BATCH_SIZE === 0) limits.check();
      // Re-read: adding to the target may have grown the array (the target may be `rows`).
      const codes = rows.codes;
      const at = i * w;
      let e: number;
      if (oneKey >= 0) {
        const c = codes[at + oneKey];
        if (c === nullCode) continue;
        built ??= this.builtSide(dictionary);
        e = built.entryOfCode(c);
      } else {
        let keyed = true;
        for (let k = 0; k < keySlots.length; k++) {
          const c = codes[at + keySlots[k]];
          if (c === nullCode) keyed = false;
          key[k] = c;
        }
        if (!keyed) continue;
        built ??= this.builtSide(dictionary);
        e = built.entryOf(key);
      }
      if (e < 0) continue;
      if (pair >= 0) {
        this.emitPair(built, e, codes[at + pair], target);
        continue;
      }
      for (let m = 0; m < fromLeft.length; m++) tuple[fromLeft[m]] = codes[at + leftSlots[m]];
      this.emit(built, e, residual === null ? null : rows.row(i), target);
    }
  }

  /** probeRows probes with rows read through operators, coding the values the output takes from them. */
  private probeRows(open: Open, keys: readonly Evaluator[], target: RecursiveRows, dictionary: ValueCodes): void {
    const { key, tuple } = this;
    const { fromLeft, leftSlots } = this.part;
    const op = open();
    try {
      for (let b = op.next(); b !== null; b = op.next()) {
        const built = this.builtSide(dictionary);
        for (let i = 0; i < b.length; i++) {
          const l = b[i];
          let found = true;
          for (let k = 0; k < keys.length; k++) {
            const v = keys[k](l);
            // A value the dictionary has never seen is in no built key.
            const c = v === null ? -1 : dictionary.find(v);
            if (c < 0) found = false;
            key[k] = c;
          }
          if (!found) continue;
          const e = built.entryOf(key);
          if (e < 0) continue;
          for (let m = 0; m < fromLeft.length; m++) tuple[fromLeft[m]] = dictionary.code(l[leftSlots[m]]);
          this.emit(built, e, l, target);
        }
      }
    } finally {
      op.close();
    }
  }

  /** emitPair is emit for a pair out of one left code `a` and one code of each right row of key `e`, without a residual. */
  private emitPair(built: BuiltSide, e: number, a: number, target: RecursiveRows): void {
    const { next, out } = built;
    if (this.part.fromLeft[0] === 0) {
      for (let j = built.firstRow(e); j !== 0; j = next[j - 1]) target.addPair(a, out[j - 1] >= 0 ? out[j - 1] : built.outCode(j - 1, 0, j - 1));
    } else {
      for (let j = built.firstRow(e); j !== 0; j = next[j - 1]) target.addPair(out[j - 1] >= 0 ? out[j - 1] : built.outCode(j - 1, 0, j - 1), a);
    }
  }

  /** emit adds the output tuple of the left row (its codes already in `tuple`) with each row of key `e`. */
  private emit(built: BuiltSide, e: number, l: Row | null, target: RecursiveRows): void {
    const tuple = this.tuple;
    const { fromRight, residual, leftWidth } = this.part;
    const rc = fromRight.length;
    const { next, out } = built;
    for (let j = built.firstRow(e) - 1; j >= 0; j = next[j] - 1) {
      if (residual !== null && residual(concatInto(this.joined, l as Row, leftWidth, built.rows[j])) !== true) continue;
      for (let m = 0; m < rc; m++) {
        const at = j * rc + m;
        tuple[fromRight[m]] = out[at] >= 0 ? out[at] : built.outCode(j, m, at);
      }
      target.addCodes(tuple);
    }
  }
}

/** drivingRows counts the rows a part's reads of this Fixpoint's relations see in this iteration. */
function drivingRows(drivers: readonly Driver[]): number {
  let n = 0;
  for (const { state, delta } of drivers) n += delta ? state.rows.to - state.rows.from : state.rows.to;
  return n;
}
