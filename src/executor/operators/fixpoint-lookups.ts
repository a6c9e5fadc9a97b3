/**
 * fixpoint-lookups.ts — a fused Fixpoint join part (fixpoint-join.ts) whose looked-up relation
 * is not hashed, run through its index lookups over codes: each driving row's key is looked up
 * with the transaction's probe (one array per lookup, no cursor) and each found row's output
 * columns are coded straight into the target relation. That is what the part's IndexJoin +
 * Project + the target's dedupe compute, without the joined and projected rows they build per
 * found row and the values the target codes again — the per-lookup costs that made a walk of a
 * hierarchy (a thousand lookups) slower than hashing the whole relation it walks.
 * Join semantics are index-join.ts's: a NULL key component matches nothing, a full primary key
 * is one point read, the residual is checked on left ++ stored row and must be exactly true.
 */
import { conjuncts, type Evaluator, type PIndexJoin } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { StoreTransaction } from '../../storage/relations.js';
import { BATCH_SIZE, type ExecContext, type Open } from '../operator.js';
import type { RecursiveRows } from '../recursive-rows.js';
import type { ValueCodes } from '../value-codes.js';
import { concatInto } from './fixpoint-built-side.js';
import type { JoinPart } from './fixpoint-join.js';

/** What a part's lookups read: the IndexJoin's relation, index and access, and the run's transaction (through `ctx`, which a cached plan keeps across runs). */
export interface StoredLookups {
  readonly ctx: ExecContext;
  readonly join: PIndexJoin;
  /** The whole primary key is looked up: one point read, as index-join.ts does. */
  readonly point: boolean;
  /**
   * When the residual only restates key equalities (keyColumnsOf): per key, the stored row's
   * column it equals; a found row whose columns are identical (===) to the keys looked up
   * passes it without being evaluated. Otherwise null.
   */
  readonly keyColumns: Int32Array | null;
}

/** storedLookups describes the lookups of an inner IndexJoin for a fused part; `positions` are the stored row's columns its keys are looked up in. */
export function storedLookups(join: PIndexJoin, ctx: ExecContext, positions: readonly number[]): StoredLookups {
  const pk = join.relation.primaryKey;
  const point = join.index === null && (pk === null ? join.keys.length === 1 : join.keys.length === pk.length);
  return { ctx, join, point, keyColumns: keyColumnsOf(join, positions) };
}

/**
 * keyColumnsOf: the looked-up columns, when every conjunct of the join's residual restates the
 * equality of a key with the column it is looked up in (PIndexJoin.keyEqualities, which the
 * planner lists: the whole join condition is re-checked on each found row, as the store's key
 * equality is exact where the language's may coerce); null otherwise. Those comparisons are true
 * for two identical non-NULL values, so a found row whose looked-up columns are === to the keys
 * passes the residual, and only one that differs (1 found by 1n) needs it evaluated.
 */
function keyColumnsOf(join: PIndexJoin, positions: readonly number[]): Int32Array | null {
  if (join.residual === null || join.keyEqualities === undefined) return null;
  return join.keyEqualities.length === conjuncts(join.residual).length ? Int32Array.from(positions) : null;
}

/** storedRowCount is the looked-up relation's row count in the run's transaction, or null where the store keeps none. */
export function storedRowCount(lookups: StoredLookups): number | null {
  const tx = lookups.ctx.tx;
  return tx.statistics === undefined ? null : tx.statistics(lookups.join.relation.id).rowCount;
}

/**
 * hashedLookups: whether the store answers the part's next `n` lookups — by a prefix of one
 * column — by hash (relations.ts hashedProbes), each then costing a few stored rows' reads, not
 * a tree walk's worth (fixpoint-join-run.ts SCAN_ROWS_PER_HASHED_PROBE). A point read by a whole
 * key is not asked.
 */
export function hashedLookups(lookups: StoredLookups, n: number): boolean {
  const { join, point } = lookups;
  const tx = lookups.ctx.tx;
  return !point && join.keys.length === 1 && tx.hashedProbes !== undefined && tx.hashedProbes(join.relation, join.index, n);
}

const NONE: readonly Row[] = [];

/** One Fixpoint run's lookups of a part: the scratch arrays, made once per run. */
export class LookupRun {
  private readonly values: Value[];
  private readonly single: Row[] = [[]];
  private readonly tuple: Int32Array;
  private readonly joined: Value[];
  /** The transaction's prober of the looked-up relation (StoreTransaction.prober), and the transaction it is of. */
  private prober: ((prefix: readonly Value[]) => readonly Row[]) | null = null;
  private proberOf: StoreTransaction | null = null;

  constructor(
    private readonly part: JoinPart,
    private readonly lookups: StoredLookups,
  ) {
    this.values = new Array<Value>(lookups.join.keys.length).fill(null);
    this.tuple = new Int32Array(part.fromLeft.length + part.fromRight.length);
    this.joined = new Array<Value>(part.leftWidth + part.rightWidth).fill(null);
  }

  /** run adds the part's rows to `target`; false (nothing done) when the transaction has no probe — the caller then runs the part's operators. */
  run(target: RecursiveRows): boolean {
    const tx = this.lookups.ctx.tx;
    if (tx.probe === undefined) return false;
    const left = this.part.left;
    if (left.kind === 'codes') this.fromCodes(tx, left.state.rows, left.delta, left.keySlots, target);
    else if (left.kind === 'rows') this.fromRows(tx, left.open, left.keys, target);
    else throw new Error('executor: a fused lookup needs driving rows');
    return true;
  }

  /** fromCodes looks up the key of each row of a relation of this Fixpoint, read as codes. */
  private fromCodes(tx: StoreTransaction, rows: RecursiveRows, delta: boolean, keySlots: Int32Array, target: RecursiveRows): void {
    const { values, tuple } = this;
    const { fromLeft, leftSlots, residual, limits } = this.part;
    const dictionary = rows.dictionary as ValueCodes;
    const nullCode = dictionary.nullCode;
    const w = rows.width;
    const end = rows.to;
    next: for (let i = delta ? rows.from : 0; i < end; i++) {
      if (i % BATCH_SIZE === 0) limits.check();
      // Re-read: adding to the target may have grown the array (the target may be `rows`).
      const codes = rows.codes;
      const at = i * w;
      for (let k = 0; k < keySlots.length; k++) {
        const c = codes[at + keySlots[k]];
        if (c === nullCode) continue next;
        values[k] = dictionary.value(c);
      }
      const found = this.find(tx);
      if (found.length === 0) continue;
      for (let m = 0; m < fromLeft.length; m++) tuple[fromLeft[m]] = codes[at + leftSlots[m]];
      this.emit(found, residual === null ? null : rows, i, dictionary, target);
    }
  }

  /** fromRows looks up the key of each row read through operators, coding the values the output takes from it. */
  private fromRows(tx: StoreTransaction, open: Open, keys: readonly Evaluator[], target: RecursiveRows): void {
    const { values, tuple } = this;
    const { fromLeft, leftSlots, limits } = this.part;
    const dictionary = target.dictionary as ValueCodes;
    const op = open();
    try {
      for (let b = op.next(); b !== null; b = op.next()) {
        limits.check();
        next: for (let i = 0; i < b.length; i++) {
          const l = b[i];
          for (let k = 0; k < keys.length; k++) {
            const v = keys[k](l);
            if (v === null) continue next;
            values[k] = v;
          }
          const found = this.find(tx);
          if (found.length === 0) continue;
          for (let m = 0; m < fromLeft.length; m++) tuple[fromLeft[m]] = dictionary.code(l[leftSlots[m]]);
          this.emit(found, l, -1, dictionary, target);
        }
      }
    } finally {
      op.close();
    }
  }

  /** identicalKeys: whether found row `r`'s looked-up columns are identical to the keys looked up (in `values`). */
  private identicalKeys(r: Row, columns: Int32Array): boolean {
    const values = this.values;
    for (let k = 0; k < columns.length; k++) if (r[columns[k]] !== values[k]) return false;
    return true;
  }

  /** find reads the stored rows under the key in `values`. */
  private find(tx: StoreTransaction): readonly Row[] {
    const { join, point } = this.lookups;
    if (point) {
      // store.get encodes the key and keeps nothing of the array: the reused one will do.
      const row = tx.get(join.relation, this.values);
      if (row === undefined) return NONE;
      this.single[0] = row;
      return this.single;
    }
    // The relation and index resolved once per transaction, not once per lookup (prober's answer is only read, by emit).
    if (this.proberOf !== tx) {
      this.proberOf = tx;
      this.prober = tx.prober === undefined ? null : tx.prober(join.relation, join.index, join.covering === true);
    }
    if (this.prober !== null) return this.prober(this.values);
    return (tx.probe as NonNullable<StoreTransaction['probe']>)(join.relation, join.index, this.values, join.covering === true);
  }

  /**
   * emit adds the output tuple of the left row (its codes already in `tuple`) with each found
   * row. The left row, which a residual reads, is `left` itself, or row `i` of `left` when that
   * is a relation of codes (built only if the residual is evaluated); null without a residual.
   */
  private emit(found: readonly Row[], left: Row | RecursiveRows | null, i: number, dictionary: ValueCodes, target: RecursiveRows): void {
    const tuple = this.tuple;
    const { fromRight, rightSlots, residual, leftWidth } = this.part;
    const checked = this.lookups.keyColumns;
    for (let j = 0; j < found.length; j++) {
      const r = found[j];
      if (residual !== null && (checked === null || !this.identicalKeys(r, checked))) {
        const l = i < 0 ? (left as Row) : (left as RecursiveRows).row(i);
        if (residual(concatInto(this.joined, l, leftWidth, r)) !== true) continue;
      }
      for (let m = 0; m < fromRight.length; m++) tuple[fromRight[m]] = dictionary.code(r[rightSlots[m]]);
      target.addCodes(tuple);
    }
  }
}
