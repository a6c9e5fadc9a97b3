/**
 * narrow.ts — the last step of physical planning: read and carry only the columns someone reads.
 *
 * Walks the physical plan top-down with the set of column ids its consumer reads and
 *  - marks an index scan or index join `covering` when every column read from the relation is
 *    an index column or a primary-key column: the rows are decoded from the index entries and
 *    never fetched (SQLite's "covering index"; a recursive step probing `locations(within)`
 *    for ids reads no row at all);
 *  - puts a projection of the read columns over an inner or left join (or a multiway join) whose output holds
 *    columns nobody reads (the executor fuses it into the join, which then never builds the
 *    wide joined row: a chain of joins up a hierarchy carries one column, not every table's).
 * Positional consumers (set operations, fixpoint parts, writes, DISTINCT, a query's result)
 * read every column of their inputs; a union only the positions its consumer reads, in each
 * branch. Scans keep their full rows (the store's arrays,
 * emitted without copying).
 */
import { col, columnsUsed, type Expr } from '../../algebra/expr.js';
import type { Column } from '../../algebra/columns.js';
import { triggerPlans, withTriggerPlans } from '../../algebra/logical.js';
import type { PhysicalKind, PhysicalOf, PhysicalPlan } from '../../algebra/physical.js';
import type { IndexDef, RelationDef } from '../../storage/relations.js';

type Ids = ReadonlySet<number>;
type Narrow = { [K in PhysicalKind]: (p: PhysicalOf<K>, required: Ids) => PhysicalPlan };

/** narrowPlan rewrites a physical plan whose result columns are all read. */
export function narrowPlan(p: PhysicalPlan): PhysicalPlan {
  return narrow(p, all(p));
}

function narrow(p: PhysicalPlan, required: Ids): PhysicalPlan {
  return (rules[p.kind] as (p: PhysicalPlan, required: Ids) => PhysicalPlan)(p, required);
}

function all(p: PhysicalPlan): Set<number> {
  return new Set(p.schema.map((c) => c.id));
}

/** need is `required` plus the columns the expressions read. */
function need(required: Ids, exprs: readonly (Expr | null | undefined)[]): Set<number> {
  const out = new Set(required);
  for (const e of exprs) if (e) columnsUsed(e, out);
  return out;
}

/** whole narrows a positional consumer's input: every column is read. */
const whole = (p: PhysicalPlan) => narrow(p, all(p));

/** passThrough rebuilds a node whose schema is its input's (filter, sort, limit…). */
function passThrough<P extends PhysicalPlan & { input: PhysicalPlan }>(p: P, required: Ids, exprs: readonly (Expr | null | undefined)[]): P {
  const input = narrow(p.input, need(required, exprs));
  return { ...p, input, schema: input.schema };
}

/**
 * keep projects an inner or left join's output onto the columns read, when it holds others (a
 * projection the executor fuses into the join). Other joins output their left rows as they are.
 */
function keep(p: PhysicalOf<'hash-join' | 'index-join' | 'nested-loop-join' | 'multiway-join'>, required: Ids): PhysicalPlan {
  if (p.kind !== 'multiway-join' && p.joinKind !== 'inner' && p.joinKind !== 'left') return p;
  const read = p.schema.filter((c) => required.has(c.id));
  // A consumer reading no column (count(*)) still gets rows: of one column.
  const kept = read.length > 0 ? read : p.schema.slice(0, 1);
  if (kept.length === p.schema.length) return p;
  return { kind: 'project', input: p, outputs: kept.map((c) => ({ column: c, expr: { kind: 'column', id: c.id } as Expr })), schema: kept, estimatedRows: p.estimatedRows };
}

/**
 * exactly is `p` with exactly `columns` in their order, as a positional consumer reads it: a
 * projection of `p`'s own (picking its outputs) or of its columns.
 */
function exactly(p: PhysicalPlan, columns: readonly Column[]): PhysicalPlan {
  if (p.schema.length === columns.length && p.schema.every((c, i) => c.id === columns[i].id)) return p;
  const own = p.kind === 'project' ? new Map(p.outputs.map((o) => [o.column.id, o])) : null;
  if (p.kind === 'project' && columns.every((c) => own!.has(c.id))) {
    return { ...p, outputs: columns.map((c) => own!.get(c.id)!), schema: columns };
  }
  return { kind: 'project', input: p, outputs: columns.map((c) => ({ column: c, expr: col(c) as Expr })), schema: columns, estimatedRows: p.estimatedRows };
}

/** isKeep says whether a projection only keeps some of its input's columns (as `keep` builds). */
function isKeep(p: PhysicalOf<'project'>): boolean {
  return p.outputs.every((o) => o.expr.kind === 'column' && o.expr.id === o.column.id);
}

function joinSchema(kind: PhysicalOf<'hash-join'>['joinKind'], left: readonly Column[], right: readonly Column[], mark: Column | null): readonly Column[] {
  if (kind === 'inner' || kind === 'left') return [...left, ...right];
  if (kind === 'mark') return [...left, mark!];
  return left;
}

/** Column types whose key encoding decodes to the very value stored (relations.ts scanIndex). */
const EXACT_IN_KEYS = new Set(['text', 'integer', 'boolean', 'blob']);

/** covers says whether an index's entries hold every one of `positions` exactly. */
export function covers(relation: RelationDef, index: IndexDef, positions: Iterable<number>): boolean {
  const held = new Set([...index.columns, ...(relation.primaryKey ?? [])]);
  for (const pos of positions) if (!held.has(pos) || !EXACT_IN_KEYS.has(relation.columns[pos].type)) return false;
  return true;
}

/** positionsRead lists the positions of `columns` (a scan's schema) that `required` names. */
function positionsRead(columns: readonly Column[], required: Ids): number[] {
  const out: number[] = [];
  columns.forEach((c, i) => required.has(c.id) && out.push(i));
  return out;
}

const rules: Narrow = {
  'table-scan': (p) => p,
  values: (p) => p,
  'recursive-scan': (p) => p,
  'index-scan': (p, required) => (covers(p.relation, p.index, positionsRead(p.schema, required)) ? { ...p, covering: true } : p),
  filter: (p, required) => passThrough(p, required, [p.predicate]),
  sort: (p, required) => passThrough(p, required, p.keys.map((k) => k.expr)),
  'top-k': (p, required) => passThrough(p, required, [...p.keys.map((k) => k.expr), p.offset, p.count]),
  limit: (p, required) => passThrough(p, required, [p.offset, p.count]),
  distinct: (p) => ({ ...p, input: whole(p.input) }),
  project: (p, required) => {
    const outputs = p.outputs.filter((o) => required.has(o.column.id));
    const kept = outputs.length > 0 ? outputs : p.outputs.slice(0, 1);
    const narrowed = narrow(p.input, need(new Set(), kept.map((o) => o.expr)));
    // This projection is the one fused into the join below: no second one between them.
    const input = narrowed !== p.input && narrowed.kind === 'project' && isKeep(narrowed) ? narrowed.input : narrowed;
    // Keeping every column of the input in its order is no projection.
    if (kept.length === input.schema.length && kept.every((o, i) => o.expr.kind === 'column' && o.expr.id === o.column.id && input.schema[i].id === o.column.id)) return input;
    return { ...p, input, outputs: kept, schema: kept.map((o) => o.column) };
  },
  'hash-aggregate': (p) => {
    const read = need(
      new Set(p.groupBy.map((c) => c.id)),
      p.aggregates.flatMap((a) => [...a.args, a.filter]),
    );
    return { ...p, input: narrow(p.input, read) };
  },
  'hash-join': (p, required) => {
    const read = need(required, [...p.leftKeys, ...p.rightKeys, p.residual]);
    const left = narrow(p.left, read);
    const right = narrow(p.right, read);
    return keep({ ...p, left, right, schema: joinSchema(p.joinKind, left.schema, right.schema, p.mark) }, required);
  },
  'nested-loop-join': (p, required) => {
    const read = need(required, [p.condition]);
    const left = narrow(p.left, read);
    const right = narrow(p.right, read);
    return keep({ ...p, left, right, schema: joinSchema(p.joinKind, left.schema, right.schema, p.mark) }, required);
  },
  'multiway-join': (p, required) => {
    const read = need(required, p.variables.flat().map(col));
    const inputs = p.inputs.map((x) => narrow(x, read));
    return keep({ ...p, inputs, schema: inputs.flatMap((x) => x.schema) }, required);
  },
  'index-join': (p, required) => {
    const read = need(required, [...p.keys, p.residual]);
    const left = narrow(p.left, read);
    const covering = p.index !== null && covers(p.relation, p.index, positionsRead(p.inner, read));
    const joined = { ...p, left, ...(covering ? { covering } : {}), schema: joinSchema(p.joinKind, left.schema, p.inner, p.mark) };
    return keep(joined, required);
  },
  unnest: (p, required) => {
    const input = narrow(p.input, need(required, [p.expr]));
    return { ...p, input, schema: [...input.schema, p.element, ...(p.ordinality ? [p.ordinality] : [])] };
  },
  window: (p, required) => {
    const exprs = [...p.partitionBy, ...p.orderBy].map((k) => k.expr);
    const input = narrow(p.input, need(required, [...exprs, ...p.calls.flatMap((c) => [...c.args, c.filter])]));
    return { ...p, input, schema: [...input.schema, ...p.calls.map((c) => c.column)] };
  },
  // Correlated subqueries read the input row's columns by position: keep them all.
  apply: (p) => ({ ...p, input: whole(p.input), subquery: whole(p.subquery) }),
  union: (p, required) => {
    // A position nobody reads leaves every branch, which then carries only what is read.
    const at = p.schema.flatMap((c, i) => (required.has(c.id) ? [i] : []));
    // A union of no columns (an ASK's) has none to drop; else at least one stays, so each branch keeps its rows.
    if (at.length === 0 && p.schema.length > 0) at.push(0);
    if (at.length === p.schema.length) return { ...p, inputs: p.inputs.map(whole) };
    // Only where every branch narrows to a projection (picked anew, or fused into a join): a
    // projection put over a scan would copy rows the scan hands over as they are stored.
    const narrowed = p.inputs.map((x) => narrow(x, new Set(at.map((i) => x.schema[i].id))));
    if (!narrowed.every((x) => x.kind === 'project')) return { ...p, inputs: p.inputs.map(whole) };
    const inputs = narrowed.map((x, k) => exactly(x, at.map((i) => p.inputs[k].schema[i])));
    return { ...p, inputs, schema: at.map((i) => p.schema[i]) };
  },
  minus: (p) => ({ ...p, left: whole(p.left), right: whole(p.right) }),
  intersect: (p) => ({ ...p, left: whole(p.left), right: whole(p.right) }),
  fixpoint: (p) => ({
    ...p,
    bindings: p.bindings.map((x) => ({ ...x, init: whole(x.init), step: whole(x.step) })),
    body: whole(p.body),
  }),
  write: (p) => ({
    ...p,
    input: whole(p.input),
    ...(p.triggers ? { triggers: withTriggerPlans(p.triggers, triggerPlans(p.triggers).map(whole)) } : {}),
  }),
};
