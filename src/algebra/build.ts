/**
 * build.ts — smart constructors for logical plans.
 *
 * Each constructor computes the node's schema, checks what can be checked locally (projected
 * and grouped columns exist, arities match; expressions may read correlated outer columns, so
 * the validator checks those with their scope) and simplifies as it builds: a filter on a constant true
 * predicate is its input, a join with an empty inner side is empty, a projection onto the
 * input's own schema is the input. Callers never build plan objects by hand.
 */
import type { Column } from './columns.js';
import { call, conjuncts, type Expr } from './expr.js';
import type {
  ConflictPolicy,
  TriggerAction,
  Upsert,
  Aggregate,
  AggregateCall,
  Apply,
  ApplyMode,
  Distinct,
  Extend,
  Filter,
  Fixpoint,
  FixpointBinding,
  Intersect,
  Join,
  JoinKind,
  Limit,
  Minus,
  MultiJoin,
  Plan,
  Project,
  RecursiveRelation,
  RecursiveScan,
  Scan,
  Sort,
  SortKey,
  Union,
  Unnest,
  Values,
  Window,
  WindowCall,
  Write,
} from './logical.js';
import type { RelationDef } from '../storage/relations.js';
import { hasWindowFunction, lookupAggregate, lookupWindowFunction } from './functions/registry.js';

function freeze<T extends object>(node: T): T {
  return Object.freeze(node);
}

function schemaIds(schema: readonly Column[]): Set<number> {
  return new Set(schema.map((c) => c.id));
}

/** isEmpty says whether a plan is statically known to produce no rows. */
export function isEmpty(p: Plan): boolean {
  return p.kind === 'values' && p.rows.length === 0;
}

export function scan(relation: RelationDef, columns: readonly Column[]): Scan {
  if (columns.length !== relation.columns.length) {
    throw new Error(`scan ${relation.name}: ${columns.length} columns for ${relation.columns.length} stored`);
  }
  return freeze({ kind: 'scan', relation, schema: Object.freeze([...columns]) });
}

export function values(schema: readonly Column[], rows: readonly (readonly Expr[])[]): Values {
  for (const r of rows) if (r.length !== schema.length) throw new Error(`values: row of ${r.length} for ${schema.length} columns`);
  return freeze({ kind: 'values', schema: Object.freeze([...schema]), rows: Object.freeze(rows.map((r) => Object.freeze([...r]))) });
}

/** empty is a relation with the given schema and no rows. */
export function empty(schema: readonly Column[]): Values {
  return values(schema, []);
}

export function filter(input: Plan, predicate: Expr): Plan {
  if (predicate.kind === 'literal') {
    if (predicate.value === true) return input;
    return empty(input.schema);
  }
  if (isEmpty(input)) return input;
  if (input.kind === 'filter') return filter(input.input, and([...conjuncts(input.predicate), ...conjuncts(predicate)]));
  return freeze({ kind: 'filter', input, predicate, schema: input.schema }) as Filter;
}

/** and conjoins predicates for a filter (true only when all are exactly true). */
export function and(predicates: readonly Expr[]): Expr {
  const flat = predicates.flatMap(conjuncts).filter((p) => !(p.kind === 'literal' && p.value === true));
  if (flat.length === 0) return { kind: 'literal', value: true, type: 'boolean' };
  if (flat.length === 1) return flat[0];
  return call('and', flat);
}

export function extend(input: Plan, definitions: readonly { column: Column; expr: Expr }[]): Plan {
  if (definitions.length === 0) return input;
  return freeze({
    kind: 'extend',
    input,
    definitions: Object.freeze(definitions.map((d) => Object.freeze({ ...d }))),
    schema: Object.freeze([...input.schema, ...definitions.map((d) => d.column)]),
  }) as Extend;
}

export function project(input: Plan, columns: readonly Column[]): Plan {
  const ids = schemaIds(input.schema);
  for (const c of columns) if (!ids.has(c.id)) throw new Error(`project: column ${c.name}#${c.id} is not produced by its input`);
  if (columns.length === input.schema.length && columns.every((c, i) => c.id === input.schema[i].id)) return input;
  if (input.kind === 'project') return project(input.input, columns);
  return freeze({ kind: 'project', input, schema: Object.freeze([...columns]) }) as Project;
}

export function join(joinKind: JoinKind, left: Plan, right: Plan, condition: Expr | null, mark: Column | null = null): Plan {
  if (joinKind === 'mark' && !mark) throw new Error('mark join needs a mark column');
  const schema =
    joinKind === 'inner' || joinKind === 'left'
      ? [...left.schema, ...right.schema]
      : joinKind === 'mark'
        ? [...left.schema, mark as Column]
        : [...left.schema];
  if (condition?.kind === 'literal' && condition.value === true) condition = null;
  // Simplify joins with a statically empty side.
  if (isEmpty(left) && joinKind !== 'mark') return empty(schema);
  if (isEmpty(right)) {
    if (joinKind === 'inner' || joinKind === 'semi') return empty(schema);
    if (joinKind === 'anti') return left;
  }
  return freeze({ kind: 'join', joinKind, left, right, condition, mark, schema: Object.freeze(schema) }) as Join;
}

export function multiJoin(inputs: readonly Plan[], conditions: readonly Expr[]): Plan {
  const schema = inputs.flatMap((p) => p.schema);
  if (inputs.some(isEmpty)) return empty(schema);
  if (inputs.length === 1) return conditions.length ? filter(inputs[0], and(conditions)) : inputs[0];
  return freeze({
    kind: 'multijoin',
    inputs: Object.freeze([...inputs]),
    conditions: Object.freeze(conditions.flatMap(conjuncts)),
    schema: Object.freeze(schema),
  }) as MultiJoin;
}

function checkArity(what: string, columns: readonly Column[], inputs: readonly Plan[]): void {
  for (const p of inputs) {
    if (p.schema.length !== columns.length) throw new Error(`${what}: input has ${p.schema.length} columns, expected ${columns.length}`);
  }
}

export function union(columns: readonly Column[], inputs: readonly Plan[]): Plan {
  checkArity('union', columns, inputs);
  const live = inputs.filter((p) => !isEmpty(p));
  if (live.length === 0) return empty(columns);
  return freeze({ kind: 'union', inputs: Object.freeze(live), schema: Object.freeze([...columns]) }) as Union;
}

export function minus(left: Plan, right: Plan, semantics: 'set' | 'bag'): Plan {
  checkArity('minus', left.schema, [right]);
  if (isEmpty(left)) return left;
  if (isEmpty(right) && semantics === 'bag') return left;
  return freeze({ kind: 'minus', left, right, semantics, schema: left.schema }) as Minus;
}

export function intersect(left: Plan, right: Plan, semantics: 'set' | 'bag'): Plan {
  checkArity('intersect', left.schema, [right]);
  if (isEmpty(left)) return left;
  if (isEmpty(right)) return empty(left.schema);
  return freeze({ kind: 'intersect', left, right, semantics, schema: left.schema }) as Intersect;
}

export function distinct(input: Plan): Plan {
  if (input.kind === 'distinct' || isEmpty(input)) return input;
  return freeze({ kind: 'distinct', input, schema: input.schema }) as Distinct;
}

export function aggregate(input: Plan, groupBy: readonly Column[], aggregates: readonly AggregateCall[]): Aggregate {
  const ids = schemaIds(input.schema);
  for (const g of groupBy) if (!ids.has(g.id)) throw new Error(`aggregate: group column ${g.name}#${g.id} is not produced by its input`);
  for (const a of aggregates) {
    const def = lookupAggregate(a.fn);
    if (a.args.length < def.minArgs || a.args.length > def.maxArgs) throw new Error(`aggregate ${a.fn}: bad argument count ${a.args.length}`);
  }
  return freeze({
    kind: 'aggregate',
    input,
    groupBy: Object.freeze([...groupBy]),
    aggregates: Object.freeze(aggregates.map((a) => Object.freeze({ ...a, args: Object.freeze([...a.args]) }))),
    schema: Object.freeze([...groupBy, ...aggregates.map((a) => a.column)]),
  }) as Aggregate;
}

export function sort(input: Plan, keys: readonly SortKey[]): Plan {
  if (keys.length === 0 || isEmpty(input)) return input;
  return freeze({ kind: 'sort', input, keys: Object.freeze(keys.map((k) => Object.freeze({ ...k }))), schema: input.schema }) as Sort;
}

export function limit(input: Plan, offset: Expr | null, count: Expr | null): Plan {
  if (offset?.kind === 'literal' && offset.value === 0) offset = null;
  if (!offset && !count) return input;
  if (isEmpty(input)) return input;
  if (count?.kind === 'literal' && count.value === 0) return empty(input.schema);
  return freeze({ kind: 'limit', input, offset, count, schema: input.schema }) as Limit;
}

export function unnest(input: Plan, expr: Expr, element: Column, ordinality: Column | null, outer: boolean): Unnest {
  const schema = ordinality ? [...input.schema, element, ordinality] : [...input.schema, element];
  return freeze({ kind: 'unnest', input, expr, element, ordinality, outer, schema: Object.freeze(schema) }) as Unnest;
}

export function apply(mode: ApplyMode, input: Plan, subquery: Plan, column: Column | null = null): Apply {
  if ((mode === 'scalar' || mode === 'mark') && !column) throw new Error(`${mode} apply needs an output column`);
  if (mode === 'scalar' && subquery.schema.length !== 1) throw new Error(`scalar subquery must return one column, returns ${subquery.schema.length}`);
  const schema =
    mode === 'cross' || mode === 'left'
      ? [...input.schema, ...subquery.schema]
      : mode === 'scalar' || mode === 'mark'
        ? [...input.schema, column as Column]
        : [...input.schema];
  return freeze({ kind: 'apply', mode, input, subquery, column, schema: Object.freeze(schema) }) as Apply;
}

export function recursiveRelation(id: number, name: string, columns: readonly Column[]): RecursiveRelation {
  return freeze({ id, name, columns: Object.freeze([...columns]) });
}

/** recursiveScan reads a recursive relation under fresh output columns (each reference gets its own ids). */
export function recursiveScan(relation: RecursiveRelation, delta: boolean, columns: readonly Column[]): RecursiveScan {
  if (columns.length !== relation.columns.length) throw new Error(`recursive scan ${relation.name}: arity mismatch`);
  return freeze({ kind: 'recursive-scan', relation, delta, schema: Object.freeze([...columns]) }) as RecursiveScan;
}

export function fixpoint(bindings: readonly FixpointBinding[], body: Plan, semantics: 'set' | 'bag', maxDepth: number | null = null): Fixpoint {
  for (const b of bindings) checkArity(`fixpoint ${b.relation.name}`, b.relation.columns, [b.init, b.step]);
  return freeze({
    kind: 'fixpoint',
    bindings: Object.freeze(bindings.map((b) => Object.freeze({ ...b }))),
    body,
    semantics,
    maxDepth,
    schema: body.schema,
  }) as Fixpoint;
}

export function write(
  action: 'insert' | 'update' | 'delete',
  relation: RelationDef,
  input: Plan,
  keyColumns: readonly number[] = [],
  onConflict: ConflictPolicy = 'error',
  upsert: readonly Upsert[] = [],
  triggers: readonly TriggerAction<Plan>[] = [],
): Write {
  const width = relation.columns.length;
  if (action === 'insert' && input.schema.length !== width) throw new Error(`write insert ${relation.name}: ${input.schema.length} columns for ${width}`);
  if (action !== 'insert' && keyColumns.length === 0) throw new Error(`write ${action} ${relation.name}: no key columns`);
  if (action === 'update' && input.schema.length < width) throw new Error(`write update ${relation.name}: input narrower than the row`);
  return freeze({
    kind: 'write',
    action,
    relation,
    input,
    keyColumns: Object.freeze([...keyColumns]),
    onConflict,
    upsert: Object.freeze(upsert.map((u) => Object.freeze({ ...u }))),
    triggers: Object.freeze(triggers.map((t) => Object.freeze({ ...t, body: Object.freeze([...t.body]) }))),
    schema: input.schema,
  }) as Write;
}

/** window adds one column per call, computed over each row's partition and frame (see logical.ts Window). */
export function window(input: Plan, partitionBy: readonly SortKey[], orderBy: readonly SortKey[], calls: readonly WindowCall[]): Plan {
  if (calls.length === 0) return input;
  for (const c of calls) {
    const def = hasWindowFunction(c.fn) ? lookupWindowFunction(c.fn) : lookupAggregate(c.fn);
    if (c.args.length < def.minArgs || c.args.length > def.maxArgs) throw new Error(`window ${c.fn}: bad argument count ${c.args.length}`);
    if (c.filter && hasWindowFunction(c.fn)) throw new Error(`window ${c.fn}: only aggregates take a filter`);
    if (c.frame.units === 'range' && (c.frame.start.offset || c.frame.end.offset) && orderBy.length !== 1) {
      throw new Error(`window ${c.fn}: a range frame with an offset needs exactly one order key`);
    }
  }
  return freeze({
    kind: 'window',
    input,
    partitionBy: Object.freeze(partitionBy.map((k) => Object.freeze({ ...k }))),
    orderBy: Object.freeze(orderBy.map((k) => Object.freeze({ ...k }))),
    calls: Object.freeze(calls.map((c) => Object.freeze({ ...c, args: Object.freeze([...c.args]) }))),
    schema: Object.freeze([...input.schema, ...calls.map((c) => c.column)]),
  }) as Window;
}
