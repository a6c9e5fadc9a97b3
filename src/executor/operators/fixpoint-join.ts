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
 * Join semantics are hash-join.ts's: a NULL key component matches nothing, the residual
 * must be exactly true. Any other step part — and every part under bag semantics or EXPLAIN
 * ANALYZE (whose per-operator figures need the operators) — runs through the operators.
 */
import type { Evaluator, PHashJoin, PhysicalPlan, PRecursiveScan } from '../../algebra/index.js';
import { physicalChildren } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { concatLayout, layoutOf } from '../compile-expr.js';
import { KeyNumbering } from '../key-numbering.js';
import { BATCH_SIZE, type Limits, type Open, type RecursiveState, type Scope } from '../operator.js';
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

/** Where a side of a fused join reads its rows. */
type Side =
  /** A relation of this Fixpoint read as codes; `slots` are its key columns. */
  | { readonly kind: 'codes'; readonly state: RecursiveState; readonly delta: boolean; readonly keySlots: Int32Array }
  /** Any plan read through its operators; keys are expressions over its rows. */
  | { readonly kind: 'rows'; readonly open: Open; readonly keys: readonly Evaluator[] };

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

/** compileJoinPart compiles `Project(columns)(HashJoin inner)` or a bare inner HashJoin; null for any other shape. */
function compileJoinPart(p: PhysicalPlan, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>, target: RecursiveState): (() => StepRun) | null {
  let join: PHashJoin;
  let emit: number[];
  if (p.kind === 'project' && p.input.kind === 'hash-join') {
    const layout = layoutOf(p.input.schema);
    emit = p.outputs.map((o) => (o.expr.kind === 'column' ? (layout.get(o.expr.id) ?? -1) : -1));
    if (!emit.every((s) => s >= 0)) return null;
    join = p.input;
  } else if (p.kind === 'hash-join') {
    join = p;
    emit = p.schema.map((_, i) => i);
  } else return null;
  if (join.joinKind !== 'inner' || join.leftKeys.length !== join.rightKeys.length || join.leftKeys.length === 0) return null;
  const lw = join.left.schema.length;
  const right = join.right;
  const fromLeft = emit.flatMap((s, k) => (s < lw ? [k] : []));
  const fromRight = emit.flatMap((s, k) => (s >= lw ? [k] : []));
  const rightSide = side(right, join.rightKeys, c, scope, own);
  const part: JoinPart = {
    target,
    left: side(join.left, join.leftKeys, c, scope, own),
    right: rightSide,
    residual: join.residual === null ? null : c.expr(join.residual, concatLayout(join.left.schema, right.schema), scope),
    fromLeft: Int32Array.from(fromLeft),
    leftSlots: Int32Array.from(fromLeft, (k) => emit[k]),
    fromRight: Int32Array.from(fromRight),
    rightSlots: Int32Array.from(fromRight, (k) => emit[k] - lw),
    leftWidth: lw,
    rightWidth: right.schema.length,
    keep: rightSide.kind === 'codes' && !rightSide.delta ? 'extend' : readsAny(right, own) ? 'rebuild' : 'keep',
    limits: c.ctx.limits,
  };
  return () => new JoinRun(part);
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
 * The built side of a fused join: for each distinct key (a tuple of codes, numbered by a
 * KeyNumbering) the codes of the columns each of its rows contributes to the output, and —
 * only when a residual must see them — the rows themselves.
 */
class BuiltSide {
  /** Keys of several columns: their numbers. */
  private readonly numbering: KeyNumbering | null;
  /** Keys of one column: key number + 1 by the key's code (codes are dense), 0 for none. */
  private direct: Int32Array = new Int32Array(64);
  /** Per key number: `contributed.length` codes per row, and the number of rows. */
  codes: Int32Array[] = [];
  counts: number[] = [];
  rows: Row[][] = [];
  private readonly key: Value[];
  private readonly values: Value[];

  constructor(
    private readonly part: JoinPart,
    private readonly dictionary: ValueCodes,
  ) {
    const n = part.right.kind === 'codes' ? part.right.keySlots.length : part.right.keys.length;
    this.numbering = n === 1 ? null : new KeyNumbering(n);
    this.key = new Array<Value>(n).fill(null);
    this.values = new Array<Value>(n).fill(null);
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
    const op = right.open();
    try {
      for (let b = op.next(); b !== null; b = op.next()) {
        for (let i = 0; i < b.length; i++) this.addRow(b[i], right.keys);
      }
    } finally {
      op.close();
    }
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
    const e = this.entry();
    const out = this.room(e);
    for (let m = 0; m < slots.length; m++) out[this.counts[e] * slots.length + m] = codes[at + slots[m]];
    this.counts[e]++;
    if (this.part.residual !== null) this.rows[e].push(rows.row(i));
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
    const e = this.entry();
    const out = this.room(e);
    for (let m = 0; m < slots.length; m++) out[this.counts[e] * slots.length + m] = dictionary.code(r[slots[m]]);
    this.counts[e]++;
    if (this.part.residual !== null) this.rows[e].push(r);
  }

  /** entry numbers the key in `this.key`, making room for a new key's rows. */
  private entry(): number {
    const e = this.numbering === null ? this.directEntry(this.key[0] as number) : this.numbering.add(this.key);
    if (e === this.codes.length) {
      this.codes.push(new Int32Array(2 * Math.max(1, this.part.rightSlots.length)));
      this.counts.push(0);
      this.rows.push([]);
    }
    return e;
  }

  /** directEntry numbers the one-column key coded `c`. */
  private directEntry(c: number): number {
    if (c >= this.direct.length) {
      let n = this.direct.length * 2;
      while (n <= c) n *= 2;
      const grown = new Int32Array(n);
      grown.set(this.direct);
      this.direct = grown;
    }
    if (this.direct[c] === 0) this.direct[c] = this.codes.length + 1;
    return this.direct[c] - 1;
  }

  /** room returns key e's codes with space for one more row. */
  private room(e: number): Int32Array {
    const rc = this.part.rightSlots.length;
    let codes = this.codes[e];
    if ((this.counts[e] + 1) * rc > codes.length) {
      const grown = new Int32Array(codes.length * 2);
      grown.set(codes);
      this.codes[e] = codes = grown;
    }
    return codes;
  }
}

/** The fused join of one Fixpoint run (see the file comment). */
class JoinRun implements StepRun {
  private built: BuiltSide | null = null;
  private iterations = 0;
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
    try {
      if (part.left.kind === 'codes') this.probeCodes(part.left.state.rows, part.left.delta, part.left.keySlots, target);
      else this.probeRows(part.left.open, part.left.keys, target, dictionary);
    } finally {
      if (part.keep === 'rebuild') this.built = null;
    }
  }

  close(): void {
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
    const codes = built.codes[e];
    const n = built.counts[e];
    if (this.part.fromLeft[0] === 0) for (let j = 0; j < n; j++) target.addPair(a, codes[j]);
    else for (let j = 0; j < n; j++) target.addPair(codes[j], a);
  }

  /** emit adds the output tuple of the left row (its codes already in `tuple`) with each row of key `e`. */
  private emit(built: BuiltSide, e: number, l: Row | null, target: RecursiveRows): void {
    const tuple = this.tuple;
    const { fromRight, residual, leftWidth } = this.part;
    const rc = fromRight.length;
    const codes = built.codes[e];
    const n = built.counts[e];
    for (let j = 0; j < n; j++) {
      if (residual !== null && residual(concatInto(this.joined, l as Row, leftWidth, built.rows[e][j])) !== true) continue;
      for (let m = 0; m < rc; m++) tuple[fromRight[m]] = codes[j * rc + m];
      target.addCodes(tuple);
    }
  }
}

/** concatInto writes left ++ right into `into` (the row a residual condition reads). */
function concatInto(into: Value[], l: Row, lw: number, r: Row): Row {
  for (let j = 0; j < lw; j++) into[j] = l[j];
  for (let j = 0; j < r.length; j++) into[lw + j] = r[j];
  return into;
}
