/**
 * index-join.ts — index nested-loop join: for each left row, evaluates `keys` on it and looks
 * the values up as a prefix of the relation's primary key (index null) or of a secondary
 * index's key (index columns, then primary-key columns). A full primary key is one tx.get; a
 * prefix is a range scan [keys, keys] inclusive. A NULL key component never matches.
 * Output rows are left ++ the stored row (`inner` names its columns); `residual` is checked on
 * them. Join kinds are join-driver.ts's.
 *
 * Mark joins decide "unknown" the way hash-join.ts does, with range reads instead of a table.
 * A stored row can make the comparison unknown only if every key component of it is equal to
 * the left key's or NULL (on either side). With j the left key's first NULL component (or its
 * length), such a row either has its first j components equal to the left key's — the prefix
 * keys[0..j), read only when j is a NULL — or a first NULL at some i < j: the prefix
 * [keys[0..i), NULL]. Rows under those prefixes are checked component by component, then
 * against the residual.
 */
import { and } from '../../algebra/build.js';
import { columnsUsed, conjuncts, type Expr } from '../../algebra/expr.js';
import { keyEqualityIsExact, type Column, type Evaluator, type PIndexJoin } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import { exactRange, readAll, type IndexDef, type RelationDef, type StoreTransaction } from '../../storage/relations.js';
import type { PlanCompiler } from '../compile-plan.js';
import { concatLayout } from '../compile-expr.js';
import { hashKey } from '../hash-key.js';
import type { Open, Scope } from '../operator.js';
import { JoinOperator, NO_ROWS, ReusedRows, type JoinSource } from './join-driver.js';

/** `emit`: a projection fused into an inner or left join (join-driver.ts), from project.ts; `reuseRows` as JoinOperator's. */
export function compileIndexJoin(p: PIndexJoin, c: PlanCompiler, scope: Scope, emit: Int32Array | null = null, reuseRows = false): Open {
  const left = c.compile(p.left, scope);
  const keys = p.keys.map((e) => c.expr(e, p.left.schema, scope));
  const layout = concatLayout(p.left.schema, p.inner);
  // The key equalities the lookup decides for plain keys (PIndexJoin.keyEqualities) leave the residual.
  const parts = p.residual === null ? [] : conjuncts(p.residual);
  const exact = new Set(p.joinKind === 'mark' ? [] : (p.keyEqualities ?? []));
  const rest = parts.filter((_, i) => !exact.has(i));
  const restExpr = rest.length === 0 ? null : rest.length === parts.length ? (p.residual as Expr) : and(rest);
  // A residual of the stored row's columns only is tested on that row as the join reads it (join-driver.ts
  // rightTest: not on the joined row, no copy of both sides first). Not for a mark join, which tells a false
  // condition from an unknown one.
  const innerIds = new Set(p.inner.map((col) => col.id));
  const onInner = restExpr !== null && p.joinKind !== 'mark' && [...columnsUsed(restExpr)].every((id) => innerIds.has(id));
  const checks = exact.size === 0 ? null : c.expr(and(parts.filter((_, i) => exact.has(i))), layout, scope);
  const positions = keyPositions(p.relation, p.index, keys.length);
  const ctx = c.ctx;
  const limits = ctx.limits;
  const lw = p.left.schema.length;
  const covering = p.covering === true;
  // The stored row's columns read, for a covering lookup's rows of only those (narrowInner), or
  // whole rows: what each needs compiled (a residual on the row read, the output slots).
  const readOf = (narrow: number[] | null) => {
    const inner = narrow === null ? p.inner : narrow.map((i) => p.inner[i]);
    const out = narrow === null ? emit : emit!.map((s) => (s < lw ? s : lw + narrow.indexOf(s - lw)));
    return {
      columns: narrow,
      residual: restExpr === null || onInner ? null : c.expr(restExpr, concatLayout(p.left.schema, inner), scope),
      rightTest: onInner ? c.expr(restExpr as Expr, inner, scope) : null,
      // An output of one column of the stored row: the test and the output rows in one generated loop.
      pick: onInner && out !== null && out.length === 1 && out[0] >= lw ? c.pickKernel(restExpr as Expr, inner, out[0] - lw, scope) : null,
      width: inner.length,
      out,
    };
  };
  const whole = readOf(null);
  const narrow = emit !== null && covering && p.index !== null ? narrowInner(p.inner, emit, lw, restExpr) : null;
  // A store whose covering reads return its stored rows as they are (coveringRowsStored) makes a
  // row per entry only when asked for columns: whole rows then cost nothing, and the join's own
  // output row is made either way.
  const narrowed = narrow === null ? null : readOf(narrow);
  // A key that is a column of the left row: a point read's keys may be read a batch at once (IndexSource.prepare).
  const keySlot = p.keys.length === 1 && p.keys[0].kind === 'column' ? p.left.schema.findIndex((c) => c.id === (p.keys[0] as { id: number }).id) : -1;
  const scratch = new BatchScratch();
  const reused = reuseRows && emit !== null ? new ReusedRows(emit.length) : null;
  return () => {
    const tx = ctx.tx;
    const read = narrowed !== null && tx.coveringRowsStored !== true ? narrowed : whole;
    return new JoinOperator(
      p.joinKind,
      left(),
      new IndexSource(tx, p.relation, p.index, keys, positions, covering, checks, lw, p.inner.length, read.columns, keySlot, scratch),
      read.residual,
      lw,
      read.width,
      limits,
      read.out,
      p.estimatedRows,
      reused,
      read.columns !== null,
      read.rightTest,
      read.pick,
    );
  };
}

/**
 * narrowInner: the positions of the stored row's columns that a join with a fused projection
 * reads — for its output or its residual — when they are fewer than all (null otherwise).
 * A covering lookup then decodes rows of only those columns from the index entries.
 */
function narrowInner(inner: readonly Column[], emit: Int32Array, lw: number, residual: Expr | null): number[] | null {
  const read = new Set<number>();
  for (const s of emit) if (s >= lw) read.add(s - lw);
  if (residual !== null) {
    const used = columnsUsed(residual);
    inner.forEach((col, i) => {
      if (used.has(col.id)) read.add(i);
    });
  }
  if (read.size === 0 || read.size === inner.length) return null;
  return [...read].sort((a, b) => a - b);
}

/**
 * The arrays an index join's batched point reads fill (IndexSource.prepare), kept by the compiled
 * join from one run to the next: lent to one open source at a time, emptied when it closes.
 */
class BatchScratch {
  keys: Value[] = [];
  found: (Row | undefined)[] = [];
  lent = false;
}

/** keyPositions maps each looked-up key component to its column in the stored row (-1: the hidden row id). */
function keyPositions(relation: RelationDef, index: IndexDef | null, n: number): number[] {
  const pk = relation.primaryKey ?? [];
  const cols = index === null ? pk : [...index.columns, ...pk];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i < cols.length ? cols[i] : -1);
  return out;
}

class IndexSource implements JoinSource {
  private readonly values: Value[];
  private readonly single: Row[] = [[]];
  /** Whole primary key given: one point read instead of a range scan. */
  private readonly point: boolean;
  /** The point reads' reader of the relation, resolved once per run (StoreTransaction.getter). */
  private readonly getRow: ((key: readonly Value[]) => Row | undefined) | null;
  /**
   * Point reads by one key column of the left row (`keySlot`) are made for a whole left batch
   * at once (prepare, StoreTransaction.getMany): one tight loop of reads instead of a chain of
   * calls per row, and the reads' cache misses overlap (SQL Q6's 1,040 persons by id: 0.77).
   */
  private readonly batched: boolean;
  /** The left batch prepare read the rows of (null: none), and the position of the next of its rows candidates is asked for. */
  private prepared: readonly Row[] | null = null;
  private at = 0;
  /** prepare's keys and the stored row found for each (undefined: none), by position in the batch; reused batch to batch. */
  private batchKeys: Value[] = [];
  private found: (Row | undefined)[] = [];
  /** The borrowed arrays (null: own ones), given back at close. */
  private scratch: BatchScratch | null = null;
  /**
   * The prefix reads' reader of the relation or index (StoreTransaction.prober), made at the first
   * read: resolved once per run instead of once per lookup, and its answers are the store's own
   * arrays (read only: the join driver tests a residual as it reads them), not a copy per lookup.
   */
  private probeOf: ((prefix: readonly Value[]) => readonly Row[]) | null = null;

  constructor(
    private readonly tx: StoreTransaction,
    private readonly relation: RelationDef,
    private readonly index: IndexDef | null,
    private readonly keys: readonly Evaluator[],
    private readonly positions: readonly number[],
    /** Rows come from the index entries alone (PIndexJoin.covering). */
    private readonly covering: boolean,
    /** The key equalities left out of the join's residual (PIndexJoin.keyEqualities), on left ++ right; tested only for keys that are not all plain. */
    private readonly checks: Evaluator | null = null,
    private readonly leftWidth = 0,
    private readonly rightWidth = 0,
    /**
     * A covering lookup's stored-row positions the join reads (narrowInner): candidates are rows
     * of only those columns, decoded from the entries — fresh arrays, each handed out once.
     * `checks` (and `rightWidth`) still see whole rows, which are then cut to these columns.
     */
    private readonly columns: number[] | null = null,
    /** The left row's position of the one key when it is a column (-1: evaluated, or several keys). */
    private readonly keySlot = -1,
    /** The compiled join's arrays for prepare, borrowed when no other source of it holds them. */
    scratch: BatchScratch | null = null,
  ) {
    if (scratch !== null && !scratch.lent) {
      scratch.lent = true;
      this.scratch = scratch;
      this.batchKeys = scratch.keys;
      this.found = scratch.found;
    }
    this.values = new Array<Value>(keys.length).fill(null);
    const pk = relation.primaryKey;
    this.point = index === null && (pk === null ? keys.length === 1 : keys.length === pk.length);
    this.getRow = this.point && tx.getter !== undefined ? tx.getter(relation) : null;
    this.batched = this.point && keySlot >= 0 && tx.getMany !== undefined;
  }

  /** prepare reads the stored rows of every row of `batch` at once, when the keys allow (`batched`, none NULL, all plain). */
  prepare(batch: readonly Row[]): void {
    this.prepared = null;
    if (!this.batched) return;
    const slot = this.keySlot;
    const keys = this.batchKeys;
    const n = batch.length;
    for (let i = 0; i < n; i++) {
      const v = batch[i][slot];
      // A NULL, or a key whose equality the read does not decide: every row is looked up alone.
      if (v === null || !keyEqualityIsExact(v)) return;
      keys[i] = v;
    }
    (this.tx.getMany as NonNullable<StoreTransaction['getMany']>)(this.relation, keys, this.found, n);
    this.prepared = batch;
    this.at = 0;
  }

  /** preparedRows is JoinSource.preparedRows: the rows prepare read, when it read them. */
  preparedRows(): readonly (Row | undefined)[] | null {
    return this.prepared !== null ? this.found : null;
  }

  candidates(left: Row): readonly Row[] {
    const prepared = this.prepared;
    if (prepared !== null && this.at < prepared.length && prepared[this.at] === left) {
      const row = this.found[this.at++];
      if (row === undefined) return NO_ROWS;
      this.single[0] = row;
      return this.single;
    }
    const keys = this.keys;
    const values = this.values;
    let plain = true;
    for (let i = 0; i < keys.length; i++) {
      const v = keys[i](left);
      if (v === null) return NO_ROWS;
      values[i] = v;
      if (plain && !keyEqualityIsExact(v)) plain = false;
    }
    if (this.point) {
      // store.get encodes the key and keeps nothing of the array: the reused one will do.
      const row = this.getRow !== null ? this.getRow(values) : this.tx.get(this.relation, values);
      if (row === undefined) return NO_ROWS;
      this.single[0] = row;
      return plain || this.checks === null ? this.single : this.checked(left, this.single);
    }
    if (plain || this.checks === null) return this.prefix(values, this.columns);
    // Keys whose equality the lookup does not decide: the checks read whole rows, then cut to the columns read.
    const rows = this.checked(left, this.prefix(values, null));
    return this.columns !== null ? picked(rows, this.columns) : rows;
  }

  /** checked keeps the looked-up rows whose key equalities hold (for keys that are not numbers or texts, where equal keys may be unequal values). */
  private checked(left: Row, rows: readonly Row[]): Row[] {
    const checks = this.checks as Evaluator;
    const lw = this.leftWidth;
    const out: Row[] = [];
    for (const r of rows) {
      const joined = new Array<Value>(lw + this.rightWidth);
      for (let j = 0; j < lw; j++) joined[j] = left[j];
      for (let j = 0; j < this.rightWidth; j++) joined[lw + j] = r[j];
      if (checks(joined) === true) out.push(r);
    }
    return out;
  }

  unknownWithoutMatch(left: Row, join: JoinOperator): boolean {
    const lv = this.keys.map((e) => e(left));
    const firstNull = lv.indexOf(null);
    const j = firstNull >= 0 ? firstNull : lv.length;
    const prefixes: Value[][] = [];
    for (let i = 0; i < j; i++) prefixes.push([...lv.slice(0, i), null]);
    if (firstNull >= 0) prefixes.push(lv.slice(0, j));
    for (const prefix of prefixes) {
      for (const r of this.prefix(prefix, null)) {
        if (this.compatible(lv, r) && join.conditionNotFalse(left, r)) return true;
      }
    }
    return false;
  }

  close(): void {
    this.prepared = null;
    const scratch = this.scratch;
    if (scratch !== null) {
      // Nothing of this run stays reachable from the compiled plan.
      this.found.fill(undefined);
      scratch.lent = false;
      this.scratch = null;
    }
    this.batchKeys = [];
    this.found = [];
  }

  private compatible(lv: readonly Value[], r: Row): boolean {
    for (let i = 0; i < lv.length; i++) {
      const p = this.positions[i];
      if (p < 0) continue;
      const a = lv[i];
      const b = r[p];
      if (a !== null && b !== null && hashKey(a) !== hashKey(b)) return false;
    }
    return true;
  }

  /**
   * prefix reads every row whose key starts with `values` (all rows for an empty prefix), in an
   * array of its own (or NO_ROWS); rows of only `columns` when given (a covering index's).
   */
  private prefix(values: Value[], columns: number[] | null): readonly Row[] {
    const cols = columns ?? undefined;
    const tx = this.tx;
    if (columns === this.columns && tx.prober !== undefined) {
      this.probeOf ??= tx.prober(this.relation, this.index, this.covering, cols);
      return this.probeOf(values);
    }
    if (tx.probe !== undefined) return tx.probe(this.relation, this.index, values, this.covering, cols);
    const range = values.length === 0 ? {} : exactRange(values);
    return readAll(this.index === null ? this.tx.scan(this.relation, range) : this.tx.scanIndex(this.relation, this.index, range, this.covering, cols));
  }

}

/** picked cuts each row to `columns` (fresh arrays). */
function picked(rows: readonly Row[], columns: readonly number[]): Row[] {
  const out = new Array<Row>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = columns.map((c) => r[c]);
  }
  return out;
}

