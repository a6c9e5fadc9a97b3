/**
 * fixpoint-join.ts — how a Fixpoint evaluates the parts of a step (fixpoint.ts): the usual
 * operators drained into the relation's new rows, or — under set semantics, for an inner hash
 * join under a projection of columns, the shape of every linear recursive rule (`tc(X, Y) :-
 * tc(X, Z), edge(Z, Y)`, SQL's `WITH RECURSIVE … JOIN …`) — one loop over value codes fused
 * with the deduplication.
 *
 * The fused loop differs from HashJoin + Project + dedupe in ways that matter for large
 * closures, where most candidate rows are already known:
 *   - it works on the Fixpoint's value codes (value-codes.ts): the built side's key and
 *     output columns are coded once per built row, a recursive relation's rows are read as
 *     codes, and a candidate is a tuple of codes looked up in the RowSet — no row is built
 *     for a candidate, and a new row is stored as codes (recursive-rows.ts builds the array
 *     only if something reads it as a row);
 *   - the built side is kept across iterations when it reads no relation of this Fixpoint
 *     (the edge table of a closure is hashed once, not once per iteration);
 *   - when the built side is a full read of one of this Fixpoint's relations (non-linear
 *     rules, T ⋈ ΔT), its table is kept too and extended with that relation's new rows
 *     before each iteration, instead of re-hashing everything derived so far.
 * An inner index join (index-join.ts) in a step is fused too, adaptively: an index probe costs
 * about as much as reading and hashing SCAN_ROWS_PER_PROBE stored rows, so while the step
 * runs through its index lookups, each iteration also reads that many rows of the looked-up
 * relation per row driving the step (the delta it reads) into a hash table; once the whole
 * relation is read, the step probes the table instead. A closure over a small hierarchy
 * (thousands of rows, a thousand probes) so hashes its edges once, while a selective walk of
 * a large relation keeps its few lookups and reads at most a bounded multiple of their cost.
 * Join semantics are hash-join.ts's: a NULL key component matches nothing, the residual
 * must be exactly true. Any other step part — and every part under bag semantics or EXPLAIN
 * ANALYZE (whose per-operator figures need the operators) — runs through the operators.
 */
import type { Evaluator, PHashJoin, PhysicalPlan, PIndexJoin, PRecursiveScan, PTableScan } from '../../algebra/index.js';
import { physicalChildren } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { concatLayout, layoutOf } from '../compile-expr.js';
import { KeyNumbering } from '../key-numbering.js';
import { BATCH_SIZE, type Limits, type Open, type Operator, type RecursiveState, type Scope } from '../operator.js';
import type { RecursiveRows } from '../recursive-rows.js';
import type { ValueCodes } from '../value-codes.js';
import { recursiveState } from './recursive-scan.js';

/** One part of a step while one Fixpoint runs: `run` once per iteration, `close` at the end. */
export interface StepRun {
  /** run adds the part's rows to its relation (under set semantics, only rows not held yet). */
  run(): void;
  close(): void;
}

/** A compiled step; each call starts the parts of one Fixpoint run. */
export type StepParts = () => StepRun[];

/**
 * compileStep splits the step of `target` at its top-level unions (a bag union of parts adds
 * the same rows in any order) and compiles each part, fused when `fuse` and it has the shape.
 */
export function compileStep(step: PhysicalPlan, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>, target: RecursiveState, fuse: boolean): StepParts {
  const parts: (() => StepRun)[] = [];
  const fusing = fuse && !c.profiling;
  const visit = (p: PhysicalPlan): void => {
    if (p.kind === 'union' && fusing) {
      for (const input of p.inputs) visit(input);
      return;
    }
    const fused = fusing ? compileJoinPart(p, c, scope, own, target) : null;
    if (fused !== null) parts.push(fused);
    else {
      const open = c.compile(p, scope);
      parts.push(() => ({ run: () => drainInto(open, target.rows), close: () => {} }));
    }
  };
  visit(step);
  return () => parts.map((start) => start());
}

/** drainInto adds every row of an init or a step part to a relation. */
export function drainInto(open: Open, into: RecursiveRows): void {
  const op = open();
  try {
    for (let b = op.next(); b !== null; b = op.next()) {
      for (let i = 0; i < b.length; i++) into.addRow(b[i]);
    }
  } finally {
    op.close();
  }
}

/**
 * An index probe costs about as much as reading and hashing this many stored rows (measured:
 * 1–3 µs against 100–150 ns), and a part makes at least PROBES_BEFORE_SCAN lookups before
 * it reads any (a walk of a hundred nodes never pays for reading a relation it will not
 * finish). See the file comment.
 */
const SCAN_ROWS_PER_PROBE = 8;
const PROBES_BEFORE_SCAN = 256;

/** Where a side of a fused join reads its rows. */
type Side =
  /** A relation of this Fixpoint read as codes; `slots` are its key columns. */
  | { readonly kind: 'codes'; readonly state: RecursiveState; readonly delta: boolean; readonly keySlots: Int32Array }
  /** Any plan read through its operators; keys are expressions over its rows. */
  | { readonly kind: 'rows'; readonly open: Open; readonly keys: readonly Evaluator[] }
  /**
   * An index join's looked-up relation (`open` scans it whole, `keys` read the looked-up
   * columns), read into the built side a slice at a time; until it is all read, the part runs
   * as `viaIndex` (its index lookups), each iteration reading SCAN_ROWS_PER_PROBE rows per
   * row of the relations of this Fixpoint that drive it (`drivers`).
   */
  | { readonly kind: 'stored'; readonly open: Open; readonly keys: readonly Evaluator[]; readonly viaIndex: Open; readonly drivers: readonly Driver[] };

/** A read of a relation of this Fixpoint inside a part: its delta, or all of it. */
interface Driver {
  readonly state: RecursiveState;
  readonly delta: boolean;
}

/** What a fused join part needs, compiled once. */
interface JoinPart {
  readonly target: RecursiveState;
  readonly left: Side;
  readonly right: Side;
  readonly residual: Evaluator | null;
  /** Output positions taken from the left row, and the left column each reads. */
  readonly fromLeft: Int32Array;
  readonly leftSlots: Int32Array;
  /** Output positions taken from the right row, and the right column each reads. */
  readonly fromRight: Int32Array;
  readonly rightSlots: Int32Array;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** How the built side behaves across iterations: rebuilt, kept, or kept and extended with a relation's new rows. */
  readonly keep: 'rebuild' | 'keep' | 'extend';
  readonly limits: Limits;
}

/** compileJoinPart compiles `Project(columns)(join)` or a bare join, for an inner HashJoin or IndexJoin; null for any other shape. */
function compileJoinPart(p: PhysicalPlan, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>, target: RecursiveState): (() => StepRun) | null {
  let join: PhysicalPlan;
  let emit: number[];
  if (p.kind === 'project') {
    const layout = layoutOf(p.input.schema);
    emit = p.outputs.map((o) => (o.expr.kind === 'column' ? (layout.get(o.expr.id) ?? -1) : -1));
    if (!emit.every((s) => s >= 0)) return null;
    join = p.input;
  } else {
    join = p;
    emit = p.schema.map((_, i) => i);
  }
  const sides = join.kind === 'hash-join' ? hashSides(join, c, scope, own) : join.kind === 'index-join' ? indexSides(join, p, c, scope, own) : null;
  if (sides === null) return null;
  const { left, right, rightSchema } = sides;
  const lw = sides.leftSchema.length;
  const fromLeft = emit.flatMap((s, k) => (s < lw ? [k] : []));
  const fromRight = emit.flatMap((s, k) => (s >= lw ? [k] : []));
  const part: JoinPart = {
    target,
    left,
    right,
    residual: sides.residual === null ? null : c.expr(sides.residual, concatLayout(sides.leftSchema, rightSchema), scope),
    fromLeft: Int32Array.from(fromLeft),
    leftSlots: Int32Array.from(fromLeft, (k) => emit[k]),
    fromRight: Int32Array.from(fromRight),
    rightSlots: Int32Array.from(fromRight, (k) => emit[k] - lw),
    leftWidth: lw,
    rightWidth: rightSchema.length,
    keep: right.kind === 'codes' && !right.delta ? 'extend' : sides.rightReadsOwn ? 'rebuild' : 'keep',
    limits: c.ctx.limits,
  };
  return () => new JoinRun(part);
}

/** The two sides of a join to fuse, as compileJoinPart needs them. */
interface FusedSides {
  readonly left: Side;
  readonly right: Side;
  readonly leftSchema: PhysicalPlan['schema'];
  readonly rightSchema: PhysicalPlan['schema'];
  readonly residual: PHashJoin['residual'];
  /** Whether the built side reads a relation of this Fixpoint (it is then rebuilt every iteration). */
  readonly rightReadsOwn: boolean;
}

function hashSides(join: PHashJoin, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>): FusedSides | null {
  if (join.joinKind !== 'inner' || join.leftKeys.length !== join.rightKeys.length || join.leftKeys.length === 0) return null;
  return {
    left: side(join.left, join.leftKeys, c, scope, own),
    right: side(join.right, join.rightKeys, c, scope, own),
    leftSchema: join.left.schema,
    rightSchema: join.right.schema,
    residual: join.residual,
    rightReadsOwn: readsAny(join.right, own),
  };
}

/**
 * indexSides fuses an inner index join (`part` is it, or the projection over it): the looked-up
 * relation becomes a built side read by a table scan, keyed on the columns the lookup binds.
 */
function indexSides(join: PIndexJoin, part: PhysicalPlan, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>): FusedSides | null {
  if (join.joinKind !== 'inner' || join.keys.length === 0) return null;
  const positions = lookedUpColumns(join);
  if (positions === null) return null;
  const scan: PTableScan = { kind: 'table-scan', relation: join.relation, range: null, reverse: false, schema: join.inner, estimatedRows: 0 };
  const drivers: Driver[] = [];
  collectDrivers(join.left, scope, drivers);
  return {
    left: side(join.left, join.keys, c, scope, own),
    right: {
      kind: 'stored',
      open: c.compile(scan, scope),
      keys: positions.map((at) => (r: Row) => r[at]),
      viaIndex: c.compile(part, scope),
      drivers,
    },
    leftSchema: join.left.schema,
    rightSchema: join.inner,
    residual: join.residual,
    rightReadsOwn: false,
  };
}

/** lookedUpColumns: the stored row's column each key of an index join is looked up in (index columns, then primary-key columns); null when one is the hidden row id. */
function lookedUpColumns(join: PIndexJoin): number[] | null {
  const pk = join.relation.primaryKey;
  if (pk === null && join.index === null) return null;
  const cols = join.index === null ? (pk ?? []) : [...join.index.columns, ...(pk ?? [])];
  if (join.keys.length > cols.length) return null;
  return cols.slice(0, join.keys.length);
}

/** collectDrivers lists the reads of recursive relations in scope (this Fixpoint's or an enclosing one's) in `p`. */
function collectDrivers(p: PhysicalPlan, scope: Scope, into: Driver[]): void {
  if (p.kind === 'recursive-scan') {
    const state = scope.recursive.get(p.relation.id);
    if (state !== undefined) into.push({ state, delta: p.delta });
    return;
  }
  // A nested Fixpoint's relations are not in scope here.
  if (p.kind === 'fixpoint') return;
  for (const child of physicalChildren(p)) collectDrivers(child, scope, into);
}

/** side reads a relation of this Fixpoint as codes when the join keys are its columns, anything else through operators. */
function side(p: PhysicalPlan, keys: PHashJoin['leftKeys'], c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>): Side {
  if (isOwnScan(p, own)) {
    const layout = layoutOf(p.schema);
    const slots = keys.map((k) => (k.kind === 'column' ? (layout.get(k.id) ?? -1) : -1));
    if (slots.every((s) => s >= 0)) return { kind: 'codes', state: recursiveState(p, scope), delta: p.delta, keySlots: Int32Array.from(slots) };
  }
  return { kind: 'rows', open: c.compile(p, scope), keys: keys.map((e) => c.expr(e, p.schema, scope)) };
}

function isOwnScan(p: PhysicalPlan, own: ReadonlyMap<number, RecursiveState>): p is PRecursiveScan {
  return p.kind === 'recursive-scan' && own.has(p.relation.id);
}

/** readsAny: whether `p` reads (fully or the delta of) a relation of `own`. */
function readsAny(p: PhysicalPlan, own: ReadonlyMap<number, RecursiveState>): boolean {
  return isOwnScan(p, own) || physicalChildren(p).some((child) => readsAny(child, own));
}

/**
 * The built side of a fused join: its rows as the codes of the columns each contributes to the
 * output (`width` per row, one flat Int32Array), chained per distinct key (a tuple of codes,
 * numbered by a KeyNumbering, or by a direct array for a key of one column) in the order
 * added — no per-key allocation, so hashing a relation of unique keys costs no more than one
 * of few — and, only when a residual must see them, the rows themselves.
 */
class BuiltSide {
  /** Keys of several columns: their numbers. */
  private readonly numbering: KeyNumbering | null;
  /** Keys of one column: key number + 1 by the key's code (codes are dense), 0 for none. */
  private direct: Int32Array = new Int32Array(64);
  /** Per key number: its first and last row + 1 (0: none). */
  private first: Int32Array = new Int32Array(64);
  private last: Int32Array = new Int32Array(64);
  private keys = 0;
  /** Per row: the next row of its key + 1 (0: none). */
  next: Int32Array = new Int32Array(64);
  /** Per row: the codes of its `width` output columns. */
  out: Int32Array;
  /** Per row, when a residual reads them or its output codes are taken lazily: the row. */
  readonly rows: Row[] = [];
  /**
   * Whether output codes are taken when a row is first emitted rather than when it is read
   * (a looked-up relation read whole: most of its rows may never join, and coding a string
   * costs a hash). `out` then holds -1 for a code not taken yet.
   */
  private readonly lazy: boolean;
  private count = 0;
  private readonly width: number;
  private readonly key: Value[];
  /** The read loadSome left open, and the rows it read so far. */
  private source: Operator | null = null;
  read = 0;

  constructor(
    private readonly part: JoinPart,
    private readonly dictionary: ValueCodes,
  ) {
    const n = part.right.kind === 'codes' ? part.right.keySlots.length : part.right.keys.length;
    this.numbering = n === 1 ? null : new KeyNumbering(n);
    this.key = new Array<Value>(n).fill(null);
    this.width = part.rightSlots.length;
    this.out = new Int32Array(64 * Math.max(1, this.width));
    this.lazy = part.right.kind === 'stored';
  }

  /** outCode returns output code `m` of row `j` (at `at` = j * width + m in `out`), taking it now if it was left for later. */
  outCode(j: number, m: number, at: number): number {
    const c = this.out[at];
    return c >= 0 ? c : (this.out[at] = this.dictionary.code(this.rows[j][this.part.rightSlots[m]]));
  }

  /** firstRow returns the first row of key number `e` + 1, or 0. */
  firstRow(e: number): number {
    return this.first[e];
  }

  /** load adds the right side's rows: all of them, or for 'extend' the ones its relation gained in the last iteration. */
  load(gained: boolean): void {
    const right = this.part.right;
    if (right.kind === 'codes') {
      const rows = right.state.rows;
      const from = right.delta || gained ? rows.from : 0;
      for (let i = from; i < rows.to; i++) this.addCoded(rows, i, right.keySlots);
      return;
    }
    this.loadSome(Infinity);
  }

  /**
   * loadSome reads at least `budget` more rows of a right side read through operators (whole
   * batches), or all that are left; true once every row is read. The read stays open between
   * calls (a Fixpoint's iterations read one snapshot).
   */
  loadSome(budget: number): boolean {
    const right = this.part.right;
    if (right.kind === 'codes') throw new Error('executor: loadSome of a side read as codes');
    if (this.source === null) {
      this.source = right.open();
      // Room for the rows this call reads at least (typed arrays grown from small cost an
      // allocation each time, which a built side read anew every Fixpoint run pays every run).
      if (budget !== Infinity) this.reserve(budget);
    }
    const op = this.source;
    for (let n = 0; n < budget; ) {
      const b = op.next();
      if (b === null) {
        this.close();
        return true;
      }
      for (let i = 0; i < b.length; i++) this.addRow(b[i], right.keys);
      n += b.length;
      this.read += b.length;
    }
    return false;
  }

  /** close ends a read left open by loadSome. */
  close(): void {
    this.source?.close();
    this.source = null;
  }

  /** entryOf returns the number of the key whose codes are the first values of `key`, or -1. */
  entryOf(key: readonly Value[]): number {
    return this.numbering === null ? this.entryOfCode(key[0] as number) : this.numbering.get(key);
  }

  /** entryOfCode returns the number of the one-column key coded `c`, or -1. */
  entryOfCode(c: number): number {
    return c < this.direct.length ? this.direct[c] - 1 : -1;
  }

  private addCoded(rows: RecursiveRows, i: number, keySlots: Int32Array): void {
    const codes = rows.codes;
    const at = i * rows.width;
    const key = this.key;
    for (let k = 0; k < keySlots.length; k++) {
      const c = codes[at + keySlots[k]];
      if (c === this.dictionary.nullCode) return;
      key[k] = c;
    }
    const slots = this.part.rightSlots;
    const o = this.append() * this.width;
    for (let m = 0; m < slots.length; m++) this.out[o + m] = codes[at + slots[m]];
    if (this.part.residual !== null) this.rows.push(rows.row(i));
  }

  private addRow(r: Row, keys: readonly Evaluator[]): void {
    const key = this.key;
    const dictionary = this.dictionary;
    for (let k = 0; k < keys.length; k++) {
      const v = keys[k](r);
      if (v === null) return;
      key[k] = dictionary.code(v);
    }
    const slots = this.part.rightSlots;
    const o = this.append() * this.width;
    if (this.lazy) this.out.fill(-1, o, o + slots.length);
    else for (let m = 0; m < slots.length; m++) this.out[o + m] = dictionary.code(r[slots[m]]);
    if (this.lazy || this.part.residual !== null) this.rows.push(r);
  }

  /** reserve makes room for `rows` rows (and as many keys) without growing. */
  private reserve(rows: number): void {
    if (rows <= this.next.length) return;
    this.next = grown(this.next, rows);
    this.out = grown(this.out, rows * this.width);
    this.first = grown(this.first, rows);
    this.last = grown(this.last, rows);
  }

  /** append adds a row of the key in `this.key` at the end of its chain and returns the row's number. */
  private append(): number {
    const e = this.numbering === null ? this.directEntry(this.key[0] as number) : this.numbering.add(this.key);
    if (e === this.keys) {
      if (e === this.first.length) {
        this.first = grown(this.first, e + 1);
        this.last = grown(this.last, e + 1);
      }
      this.keys++;
    }
    const j = this.count++;
    if (j === this.next.length) {
      this.next = grown(this.next, j + 1);
      this.out = grown(this.out, (j + 1) * this.width);
    }
    this.next[j] = 0;
    if (this.last[e] === 0) this.first[e] = j + 1;
    else this.next[this.last[e] - 1] = j + 1;
    this.last[e] = j + 1;
    return j;
  }

  /** directEntry numbers the one-column key coded `c`. */
  private directEntry(c: number): number {
    if (c >= this.direct.length) this.direct = grown(this.direct, c + 1);
    if (this.direct[c] === 0) this.direct[c] = this.keys + 1;
    return this.direct[c] - 1;
  }
}

/** grown returns `a` copied into an array at least twice as long and at least `n` long. */
function grown(a: Int32Array, n: number): Int32Array {
  let size = Math.max(64, a.length * 2);
  while (size < n) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** The fused join of one Fixpoint run (see the file comment). */
class JoinRun implements StepRun {
  private built: BuiltSide | null = null;
  private iterations = 0;
  /** A 'stored' right side: whether it is all read into `built`, and the lookups its index has answered (or would have). */
  private complete = false;
  private probes = 0;
  private readonly key: Value[];
  /** The output tuple of codes being assembled. */
  private readonly tuple: Int32Array;
  private readonly joined: Value[];

  constructor(private readonly part: JoinPart) {
    const n = part.left.kind === 'codes' ? part.left.keySlots.length : part.left.keys.length;
    this.key = new Array<Value>(n).fill(null);
    this.tuple = new Int32Array(part.fromLeft.length + part.fromRight.length);
    this.joined = new Array<Value>(part.leftWidth + part.rightWidth).fill(null);
  }

  run(): void {
    const { part } = this;
    const target = part.target.rows;
    const dictionary = target.dictionary as ValueCodes;
    // A kept built side that reads one of this Fixpoint's relations in full sees the rows that
    // relation gained in the last iteration from now on.
    if (this.built !== null && part.keep === 'extend' && this.iterations > 0) this.built.load(true);
    this.iterations++;
    if (part.right.kind === 'stored' && !this.complete) {
      // Until the looked-up relation is all hashed, this iteration runs through its index
      // lookups, and the rows read so far keep up with SCAN_ROWS_PER_PROBE per lookup made.
      this.probes += drivingRows(part.right.drivers);
      if (this.probes >= PROBES_BEFORE_SCAN) {
        this.built ??= new BuiltSide(part, dictionary);
        this.complete = this.built.loadSome(SCAN_ROWS_PER_PROBE * this.probes - this.built.read);
      }
      if (!this.complete) {
        drainInto(part.right.viaIndex, target);
        return;
      }
    }
    try {
      if (part.left.kind === 'codes') this.probeCodes(part.left.state.rows, part.left.delta, part.left.keySlots, target);
      else this.probeRows(part.left.open, part.left.keys, target, dictionary);
    } finally {
      if (part.keep === 'rebuild') this.built = null;
    }
  }

  close(): void {
    this.built?.close();
    this.built = null;
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

/** concatInto writes left ++ right into `into` (the row a residual condition reads). */
function concatInto(into: Value[], l: Row, lw: number, r: Row): Row {
  for (let j = 0; j < lw; j++) into[j] = l[j];
  for (let j = 0; j < r.length; j++) into[lw + j] = r[j];
  return into;
}
