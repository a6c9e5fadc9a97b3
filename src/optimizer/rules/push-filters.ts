/**
 * push-filters.ts — predicate pushdown.
 *
 * Moves each conjunct of every filter (and of inner-join conditions) as close to the data as
 * it can go: below projections, sorts and distincts, into the side of a join whose columns it
 * reads, into every branch of a union, below an aggregate when it reads only grouping
 * columns, below a window when it reads only partition keys. A filter above a left join that rejects nulls of the right side turns the join
 * into an inner join (the padded rows it would keep are filtered anyway). A filter on a mark
 * join's mark (`x IN (subquery)`) makes it a semi join, and on its negation (`x NOT IN
 * (subquery)`) an anti join when neither side can be NULL (not-null.ts). Non-deterministic
 * predicates stay where they were written.
 */
import * as b from '../../algebra/build.js';
import type { Column } from '../../algebra/columns.js';
import { col, columnsUsed, conjuncts, isDeterministic, lit, substitute, type Expr } from '../../algebra/expr.js';
import type { Plan } from '../../algebra/logical.js';
import { children, withChildren } from '../../algebra/visit.js';
import { neverNull, notNullColumns, rejectsNullsOf } from '../not-null.js';

export function pushFilters(plan: Plan): Plan {
  return push(plan, []);
}

function ids(schema: readonly Column[]): Set<number> {
  return new Set(schema.map((c) => c.id));
}

function within(e: Expr, scope: ReadonlySet<number>): boolean {
  for (const id of columnsUsed(e)) if (!scope.has(id)) return false;
  return true;
}

/** place puts the predicates that could not move further down in a filter above `p`. */
function place(p: Plan, preds: Expr[]): Plan {
  return preds.length ? b.filter(p, b.and(preds)) : p;
}

function split(preds: Expr[], test: (e: Expr) => boolean): [Expr[], Expr[]] {
  const yes: Expr[] = [];
  const no: Expr[] = [];
  for (const e of preds) (test(e) ? yes : no).push(e);
  return [yes, no];
}

function push(p: Plan, preds: Expr[]): Plan {
  switch (p.kind) {
    case 'filter':
      return push(p.input, [...preds, ...conjuncts(p.predicate)]);
    case 'project':
    case 'sort': {
      const [down, up] = split(preds, isDeterministic);
      return place(withChildren(p, [push(children(p)[0], down)]), up);
    }
    case 'distinct': {
      const [down, up] = split(preds, isDeterministic);
      return place(b.distinct(push(p.input, down)), up);
    }
    case 'extend': {
      // A computed column that copies an input column (SPARQL's decoded terms are) is that
      // column below the extension: predicates on it go down too.
      const copies = new Map<number, Expr>();
      for (const d of p.definitions) if (d.expr.kind === 'column') copies.set(d.column.id, d.expr);
      const inputCols = ids(p.input.schema);
      const through = (e: Expr) => (copies.size === 0 ? e : substitute(e, copies));
      const [down, up] = split(preds, (e) => isDeterministic(e) && within(through(e), inputCols));
      return place(b.extend(push(p.input, down.map(through)), p.definitions), up);
    }
    case 'aggregate': {
      const groupCols = ids(p.groupBy);
      const [down, up] = p.groupBy.length ? split(preds, (e) => isDeterministic(e) && within(e, groupCols)) : [[], preds];
      return place(b.aggregate(push(p.input, down), p.groupBy, p.aggregates), up);
    }
    case 'unnest': {
      const inputCols = ids(p.input.schema);
      const [down, up] = split(preds, (e) => isDeterministic(e) && within(e, inputCols));
      return place(b.unnest(push(p.input, down), p.expr, p.element, p.ordinality, p.outer), up);
    }
    case 'union': {
      const [down, up] = split(preds, isDeterministic);
      const inputs = p.inputs.map((input) => {
        const map = new Map<number, Expr>(p.schema.map((c, i) => [c.id, col(input.schema[i])]));
        return push(input, down.map((e) => substitute(e, map)));
      });
      return place(b.union(p.schema, inputs), up);
    }
    case 'minus':
    case 'intersect': {
      const [down, up] = split(preds, isDeterministic);
      const right = push(p.right, []);
      const left = push(p.left, down);
      return place(p.kind === 'minus' ? b.minus(left, right, p.semantics) : b.intersect(left, right, p.semantics), up);
    }
    case 'apply': {
      const inputCols = ids(p.input.schema);
      const [down, up] = split(preds, (e) => isDeterministic(e) && within(e, inputCols));
      return place(b.apply(p.mode, push(p.input, down), push(p.subquery, []), p.column), up);
    }
    case 'join':
      return pushJoin(p, preds);
    case 'window': {
      // Only a predicate on partition keys removes whole partitions, leaving the others' windows unchanged.
      const keyCols = new Set(p.partitionBy.flatMap((k) => (k.expr.kind === 'column' ? [k.expr.id] : [])));
      const [down, up] = split(preds, (e) => isDeterministic(e) && within(e, keyCols));
      return place(b.window(push(p.input, down), p.partitionBy, p.orderBy, p.calls), up);
    }
    case 'multijoin': {
      const all = [...p.conditions, ...preds];
      const [det, nondet] = split(all, isDeterministic);
      const perInput: Expr[][] = p.inputs.map(() => []);
      const cross: Expr[] = [];
      const scopes = p.inputs.map((i) => ids(i.schema));
      for (const e of det) {
        const k = scopes.findIndex((s) => within(e, s));
        if (k >= 0) perInput[k].push(e);
        else cross.push(e);
      }
      return place(
        b.multiJoin(
          p.inputs.map((input, k) => push(input, perInput[k])),
          cross,
        ),
        nondet,
      );
    }
    case 'limit':
    case 'write':
    case 'fixpoint':
    case 'scan':
    case 'values':
    case 'recursive-scan':
      return place(withChildren(p, children(p).map((c) => push(c, []))), preds);
  }
}

function pushJoin(p: Extract<Plan, { kind: 'join' }>, preds: Expr[]): Plan {
  if (p.joinKind === 'mark' && preds.some((e) => isMarkTest(e, p.mark as Column))) return markAs('semi', p, preds);
  if (p.joinKind === 'mark' && preds.some((e) => isNegatedMarkTest(e, p.mark as Column)) && markNeverNull(p, preds)) return markAs('anti', p, preds);
  const leftCols = ids(p.left.schema);
  const rightCols = ids(p.right.schema);
  const [det, up] = split(preds, isDeterministic);
  let kind = p.joinKind;
  // Outer-join simplification: a null-rejecting predicate on the right side above a left join.
  if (kind === 'left' && det.some((e) => !within(e, leftCols) && rejectsNullsOf(e, rightCols))) kind = 'inner';

  const cond = p.condition ? conjuncts(p.condition) : [];
  const toLeft: Expr[] = [];
  const toRight: Expr[] = [];
  const keep: Expr[] = [];
  const above: Expr[] = [...up];

  switch (kind) {
    case 'inner':
      for (const e of [...cond.filter(isDeterministic), ...det]) {
        if (within(e, leftCols)) toLeft.push(e);
        else if (within(e, rightCols)) toRight.push(e);
        else keep.push(e);
      }
      keep.push(...cond.filter((e) => !isDeterministic(e)));
      break;
    case 'left':
      for (const e of cond) {
        if (isDeterministic(e) && within(e, rightCols)) toRight.push(e);
        else keep.push(e);
      }
      for (const e of det) (within(e, leftCols) ? toLeft : above).push(e);
      break;
    case 'semi':
    case 'anti':
      for (const e of cond) {
        if (isDeterministic(e) && within(e, rightCols)) toRight.push(e);
        else keep.push(e);
      }
      for (const e of det) (within(e, leftCols) ? toLeft : above).push(e);
      break;
    case 'mark':
      keep.push(...cond);
      for (const e of det) (within(e, leftCols) ? toLeft : above).push(e);
      break;
  }
  const joined = b.join(kind, push(p.left, toLeft), push(p.right, toRight), keep.length ? b.and(keep) : null, p.mark);
  return place(joined, above);
}

function isMarkTest(e: Expr, mark: Column): boolean {
  return e.kind === 'column' && e.id === mark.id;
}

/** isNegatedMarkTest: `NOT mark`, true exactly when the mark is false. */
function isNegatedMarkTest(e: Expr, mark: Column): boolean {
  return e.kind === 'call' && e.fn === 'sql.not' && isMarkTest(e.args[0], mark);
}

/**
 * markNeverNull: the join's condition is never unknown (true or false for every pair) on the
 * left rows the filter's other predicates keep (`x NOT IN (…) AND x > 3`: x is not NULL there),
 * so the mark is never null.
 */
function markNeverNull(p: Extract<Plan, { kind: 'join' }>, preds: readonly Expr[]): boolean {
  if (p.condition === null) return true;
  const leftCols = ids(p.left.schema);
  const onLeft = preds.filter((e) => isDeterministic(e) && within(e, leftCols));
  const notNull = notNullColumns(onLeft.length ? b.filter(p.left, b.and(onLeft)) : p.left);
  for (const id of notNullColumns(p.right)) notNull.add(id);
  return neverNull(p.condition, notNull);
}

/**
 * markAs rewrites a mark join under a filter testing its mark into a semi or anti join.
 * semi: the filter keeps only the rows whose mark is true (`x IN (subquery)` in WHERE), exactly
 * the left rows a semi join keeps — some candidate's condition is true —, and the semi join
 * needs no mark, stops at the first match and can use either side's index. anti: the filter
 * keeps the rows whose mark is false (`x NOT IN (subquery)`), exactly the left rows an anti join
 * keeps — no candidate's condition is true — when the condition is never unknown
 * (markNeverNull: x and the subquery's column cannot be NULL); with a NULL possible, NOT IN is
 * unknown, not true, where the anti join would keep the row, so the mark join stays. The mark
 * survives as the constant it is after the filter, for predicates and parents reading it.
 */
function markAs(kind: 'semi' | 'anti', p: Extract<Plan, { kind: 'join' }>, preds: Expr[]): Plan {
  const mark = p.mark as Column;
  const test = kind === 'semi' ? isMarkTest : isNegatedMarkTest;
  const rest = preds.filter((e) => !test(e, mark));
  const [readsMark, other] = split(rest, (e) => columnsUsed(e).has(mark.id));
  const joined = b.join(kind, p.left, p.right, p.condition);
  const pushed = joined.kind === 'join' ? pushJoin(joined, other) : push(joined, other);
  return place(b.extend(pushed, [{ column: mark, expr: lit(kind === 'semi', 'boolean') }]), readsMark);
}
