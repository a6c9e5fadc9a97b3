/**
 * hash-join.ts — builds a hash table on the right input keyed by rightKeys (hash-key.ts), then
 * probes it with each left row's leftKeys; `residual` is checked on left ++ right for each
 * key match (join-driver.ts does the join kinds). A NULL key component never matches.
 *
 * The table is built on the first probe, so an empty left input never reads the right one.
 * For mark joins the build also keeps what deciding "unknown" needs (SQL IN semantics): a
 * left row with a NULL key is unknown against any right row whose other key components are
 * equal or NULL and whose residual is not false; a left row without NULLs is unknown against
 * such a right row that has a NULL key component.
 */
import type { Evaluator, PHashJoin } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { concatLayout } from '../compile-expr.js';
import { hashKey, tupleKey, type HashKey } from '../hash-key.js';
import type { Open, Operator, Scope } from '../operator.js';
import { JoinOperator, NO_ROWS, type JoinSource } from './join-driver.js';

/** `emit`: a projection fused into an inner or left join (join-driver.ts), from project.ts. */
export function compileHashJoin(p: PHashJoin, c: PlanCompiler, scope: Scope, emit: Int32Array | null = null): Open {
  if (p.leftKeys.length !== p.rightKeys.length || p.leftKeys.length === 0) {
    throw new Error(`executor: hash-join needs as many left keys as right keys (at least one)`);
  }
  const left = c.compile(p.left, scope);
  const right = c.compile(p.right, scope);
  const leftKeys = p.leftKeys.map((e) => c.expr(e, p.left.schema, scope));
  const rightKeys = p.rightKeys.map((e) => c.expr(e, p.right.schema, scope));
  const residual = p.residual === null ? null : c.expr(p.residual, concatLayout(p.left.schema, p.right.schema), scope);
  const kind = p.joinKind;
  const lw = p.left.schema.length;
  const rw = p.right.schema.length;
  const limits = c.ctx.limits;
  return () => new JoinOperator(kind, left(), new HashSource(right, leftKeys, rightKeys, kind === 'mark'), residual, lw, rw, limits, emit);
}

/** Evaluates key expressions into a hash key; undefined when a component is NULL. */
function keyOf(evals: readonly Evaluator[], row: Row, scratch: Value[]): HashKey | undefined {
  if (evals.length === 1) {
    const v = evals[0](row);
    return v === null ? undefined : hashKey(v);
  }
  for (let i = 0; i < evals.length; i++) {
    const v = evals[i](row);
    if (v === null) return undefined;
    scratch[i] = v;
  }
  return tupleKey(scratch, evals.length);
}

class HashSource implements JoinSource {
  private table: Map<HashKey, Row[]> | null = null;
  /** Mark joins only: every right row, and those with a NULL key component. */
  private all: Row[] = [];
  private nullKeyed: Row[] = [];
  private readonly scratch: Value[];
  private rightOp: Operator | null = null;

  constructor(
    private readonly openRight: Open,
    private readonly leftKeys: readonly Evaluator[],
    private readonly rightKeys: readonly Evaluator[],
    private readonly forMark: boolean,
  ) {
    this.scratch = new Array<Value>(leftKeys.length).fill(null);
  }

  candidates(left: Row): readonly Row[] {
    const table = this.table ?? this.build();
    const k = keyOf(this.leftKeys, left, this.scratch);
    if (k === undefined) return NO_ROWS;
    return table.get(k) ?? NO_ROWS;
  }

  unknownWithoutMatch(left: Row, join: JoinOperator): boolean {
    const lv = this.leftKeys.map((e) => e(left));
    const pool = lv.includes(null) ? this.all : this.nullKeyed;
    for (const r of pool) {
      if (this.compatible(lv, r) && join.conditionNotFalse(left, r)) return true;
    }
    return false;
  }

  close(): void {
    this.rightOp?.close();
    this.rightOp = null;
    this.table = null;
    this.all = [];
    this.nullKeyed = [];
  }

  /** compatible: every key component pair is equal or involves a NULL. */
  private compatible(lv: readonly Value[], r: Row): boolean {
    for (let i = 0; i < lv.length; i++) {
      const a = lv[i];
      const b = this.rightKeys[i](r);
      if (a !== null && b !== null && hashKey(a) !== hashKey(b)) return false;
    }
    return true;
  }

  private build(): Map<HashKey, Row[]> {
    const table = new Map<HashKey, Row[]>();
    const keys = this.rightKeys;
    const scratch = new Array<Value>(keys.length).fill(null);
    const op = this.openRight();
    this.rightOp = op;
    for (let b = op.next(); b !== null; b = op.next()) {
      for (let i = 0; i < b.length; i++) {
        const r = b[i];
        const k = keyOf(keys, r, scratch);
        if (this.forMark) {
          this.all.push(r);
          if (k === undefined) this.nullKeyed.push(r);
        }
        if (k === undefined) continue;
        const bucket = table.get(k);
        if (bucket === undefined) table.set(k, [r]);
        else bucket.push(r);
      }
    }
    op.close();
    this.rightOp = null;
    this.table = table;
    return table;
  }
}
