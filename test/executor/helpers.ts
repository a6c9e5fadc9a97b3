/**
 * helpers.ts — builds physical plans by hand for executor tests (the optimizer is not
 * involved), plus shorthand for expressions and running plans.
 */
import {
  call,
  col,
  ColumnAllocator,
  lit,
  param,
  type AggregateCall,
  type ApplyMode,
  type Column,
  type Expr,
  type JoinKind,
  type PhysicalKeyRange,
  type PhysicalPlan,
  type RecursiveRelation,
  type SortKey,
  type PFixpointBinding,
} from '../../src/algebra/index.js';
import type { Row, Value } from '../../src/common/values.js';
import type { IndexDef, RelationDef } from '../../src/storage/relations.js';
import { executePlan, type ExecutionOptions } from '../../src/executor/execute.js';
import { TestTransaction } from './test-store.js';

export { call, col, lit, param };

export class Cols {
  private readonly alloc = new ColumnAllocator();
  /** make returns fresh columns with the given names. */
  make(...names: string[]): Column[] {
    return names.map((n) => this.alloc.column(n, 'any'));
  }
  one(name: string): Column {
    return this.alloc.column(name, 'any');
  }
}

type P = PhysicalPlan;
const base = (schema: readonly Column[]) => ({ schema, estimatedRows: 0 });

export const eq = (a: Expr, b: Expr): Expr => call('sql.eq', [a, b]);
export const lt = (a: Expr, b: Expr): Expr => call('sql.lt', [a, b]);
export const gt = (a: Expr, b: Expr): Expr => call('sql.gt', [a, b]);
export const add = (a: Expr, b: Expr): Expr => call('sql.add', [a, b]);

export function values(schema: Column[], rows: Value[][]): P {
  return { kind: 'values', ...base(schema), rows: rows.map((r) => r.map((v) => lit(v))) };
}

export function tableScan(relation: RelationDef, schema: Column[], range: PhysicalKeyRange | null = null, reverse = false): P {
  return { kind: 'table-scan', ...base(schema), relation, range, reverse };
}

export function indexScan(relation: RelationDef, index: IndexDef, schema: Column[], range: PhysicalKeyRange | null = null, reverse = false): P {
  return { kind: 'index-scan', ...base(schema), relation, index, range, reverse };
}

export function range(lower: [Expr[], boolean] | null, upper: [Expr[], boolean] | null): PhysicalKeyRange {
  return {
    lower: lower && { values: lower[0], inclusive: lower[1] },
    upper: upper && { values: upper[0], inclusive: upper[1] },
  };
}

export function filter(input: P, predicate: Expr): P {
  return { kind: 'filter', ...base(input.schema), input, predicate };
}

export function project(input: P, outputs: { column: Column; expr: Expr }[]): P {
  return { kind: 'project', ...base(outputs.map((o) => o.column)), input, outputs };
}

function joinSchema(kind: JoinKind, left: P, right: readonly Column[], mark: Column | null): Column[] {
  if (kind === 'inner' || kind === 'left') return [...left.schema, ...right];
  if (kind === 'mark') return [...left.schema, mark as Column];
  return [...left.schema];
}

export function hashJoin(kind: JoinKind, left: P, right: P, leftKeys: Expr[], rightKeys: Expr[], residual: Expr | null = null, mark: Column | null = null): P {
  return { kind: 'hash-join', ...base(joinSchema(kind, left, right.schema, mark)), joinKind: kind, left, right, leftKeys, rightKeys, residual, mark };
}

export function nestedLoopJoin(kind: JoinKind, left: P, right: P, condition: Expr | null, mark: Column | null = null): P {
  return { kind: 'nested-loop-join', ...base(joinSchema(kind, left, right.schema, mark)), joinKind: kind, left, right, condition, mark };
}

export function indexJoin(
  kind: JoinKind,
  left: P,
  relation: RelationDef,
  index: IndexDef | null,
  keys: Expr[],
  inner: Column[],
  residual: Expr | null = null,
  mark: Column | null = null,
  /** The residual's conjuncts that restate a key equality, as the planner lists them (PIndexJoin.keyEqualities). */
  keyEqualities?: number[],
): P {
  return { kind: 'index-join', ...base(joinSchema(kind, left, inner, mark)), joinKind: kind, left, relation, index, keys, inner, residual, mark, ...(keyEqualities ? { keyEqualities } : {}) };
}

export function agg(column: Column, fn: string, args: Expr[], opts: { distinct?: boolean; filter?: Expr } = {}): AggregateCall {
  return { column, fn, args, distinct: opts.distinct ?? false, filter: opts.filter ?? null };
}

export function hashAggregate(input: P, groupBy: Column[], aggregates: AggregateCall[]): P {
  return { kind: 'hash-aggregate', ...base([...groupBy, ...aggregates.map((a) => a.column)]), input, groupBy, aggregates };
}

export function key(expr: Expr, opts: { desc?: boolean; nullsFirst?: boolean } = {}): SortKey {
  return { expr, descending: opts.desc ?? false, nullsFirst: opts.nullsFirst ?? false, ordering: 'sql' };
}

export function sort(input: P, keys: SortKey[]): P {
  return { kind: 'sort', ...base(input.schema), input, keys };
}

export function topK(input: P, keys: SortKey[], count: Expr, offset: Expr | null = null): P {
  return { kind: 'top-k', ...base(input.schema), input, keys, count, offset };
}

export function limit(input: P, count: Expr | null, offset: Expr | null = null): P {
  return { kind: 'limit', ...base(input.schema), input, count, offset };
}

export function distinct(input: P): P {
  return { kind: 'distinct', ...base(input.schema), input };
}

export function union(schema: Column[], ...inputs: P[]): P {
  return { kind: 'union', ...base(schema), inputs };
}

export function minus(left: P, right: P, semantics: 'set' | 'bag'): P {
  return { kind: 'minus', ...base(left.schema), left, right, semantics };
}

export function intersect(left: P, right: P, semantics: 'set' | 'bag'): P {
  return { kind: 'intersect', ...base(left.schema), left, right, semantics };
}

export function unnest(input: P, expr: Expr, element: Column, ordinality: Column | null = null, outer = false): P {
  const schema = ordinality ? [...input.schema, element, ordinality] : [...input.schema, element];
  return { kind: 'unnest', ...base(schema), input, expr, element, ordinality, outer };
}

export function apply(mode: ApplyMode, input: P, subquery: P, column: Column | null = null): P {
  const schema =
    mode === 'cross' || mode === 'left' ? [...input.schema, ...subquery.schema] : mode === 'scalar' || mode === 'mark' ? [...input.schema, column as Column] : [...input.schema];
  return { kind: 'apply', ...base(schema), mode, input, subquery, column };
}

export function recRelation(id: number, name: string, columns: Column[]): RecursiveRelation {
  return { id, name, columns };
}

export function recScan(relation: RecursiveRelation, delta: boolean, schema: Column[]): P {
  return { kind: 'recursive-scan', ...base(schema), relation, delta };
}

export function fixpoint(bindings: PFixpointBinding[], body: P, semantics: 'set' | 'bag', maxDepth: number | null = null): P {
  return { kind: 'fixpoint', ...base(body.schema), bindings, body, semantics, maxDepth };
}

/** run executes a plan on a fresh (or given) fake transaction. */
export function run(plan: P, options: ExecutionOptions = {}, tx: TestTransaction = new TestTransaction()): Row[] {
  return executePlan(plan, tx, options);
}

/** sorted orders rows by their JSON text, for order-insensitive comparisons. */
export function sorted(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => {
    const x = JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
    const y = JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
