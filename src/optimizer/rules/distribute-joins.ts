/**
 * distribute-joins.ts — a join of a small input with a large UNION ALL becomes a UNION ALL of
 * joins, one per branch, when the join can probe an index in every branch.
 *
 * An undirected edge read as "edges ∪ reversed edges" (SQL's friend-of CTE, a Cypher pattern
 * without a direction, SPARQL's `knows|^knows`) is a union, and a join into a union can only
 * hash all of it: friends of friends of one person read every KNOWS row twice. For bags,
 * X ⋈ (A ∪ B) = (X ⋈ A) ∪ (X ⋈ B); distributed, each branch is a join of X with a (filtered)
 * scan, which physical planning turns into index lookups for X's few rows. X is read once per
 * branch, so the rule fires only when X is estimated far smaller than the union; each branch
 * reads its own copy of X, with fresh column ids (a plan produces each column id once).
 */
import * as b from '../../algebra/build.js';
import type { Column } from '../../algebra/columns.js';
import { col, columnsUsed, substitute, type Expr } from '../../algebra/expr.js';
import { lookupFunction } from '../../algebra/functions/registry.js';
import type { Extend, MultiJoin, Plan, Project, Scan, Union } from '../../algebra/logical.js';
import { transformUp } from '../../algebra/visit.js';
import type { OptimizerContext } from '../context.js';
import { Estimator } from '../estimate.js';
import { lookupKeys } from '../physical/access-path.js';

/** The union must be estimated at least this many times the other input's rows per branch. */
const SMALL_SIDE = 32;

export function distributeJoins(plan: Plan, ctx: OptimizerContext): Plan {
  const est = new Estimator(ctx);
  // Estimating the whole plan first estimates every Fixpoint's relations before their steps' joins.
  est.estimate(plan);
  return transformUp(plan, (p) => (p.kind === 'multijoin' && p.inputs.length === 2 ? distributeOne(p, ctx, est) : p));
}

function distributeOne(p: MultiJoin, ctx: OptimizerContext, est: Estimator): Plan {
  const u = p.inputs[1].kind === 'union' ? 1 : p.inputs[0].kind === 'union' ? 0 : -1;
  if (u < 0) return p;
  const union = p.inputs[u] as Union;
  const other = p.inputs[1 - u];
  const leaves = unionLeaves(union);
  if (est.rows(other) * SMALL_SIDE * leaves.length > est.rows(union)) return p;
  const branches: Plan[] = [];
  for (const branch of leaves) {
    const probed = probedScan(branch);
    if (probed === null) return p;
    // The union's columns are the branch's, position by position.
    const asBranch = new Map<number, Expr>(union.schema.map((c, i) => [c.id, col(branch.schema[i])]));
    const copy = freshCopy(other, ctx);
    if (copy === null) return p;
    const conditions = p.conditions.map((e) => substitute(substitute(e, asBranch), copy.ids));
    if (!probesIndex(conditions, copy.plan, probed.scan)) return p;
    let joined = b.multiJoin(u === 1 ? [copy.plan, probed.input] : [probed.input, copy.plan], conditions);
    // The branch's projections and extensions, innermost first, now over the join (keeping the copy's columns).
    for (let i = probed.above.length - 1; i >= 0; i--) {
      const op = probed.above[i];
      joined = op.kind === 'project' ? b.project(joined, [...copy.plan.schema, ...op.schema]) : b.extend(joined, op.definitions);
    }
    branches.push(b.project(joined, u === 1 ? [...copy.plan.schema, ...branch.schema] : [...branch.schema, ...copy.plan.schema]));
  }
  return b.union(p.schema, branches);
}

/** unionLeaves lists the inputs of a union and of the unions nested in it (each maps positionally onto the outer union). */
function unionLeaves(p: Plan): Plan[] {
  return p.kind === 'union' ? p.inputs.flatMap(unionLeaves) : [p];
}

/**
 * probedScan finds the scan a branch reads: under projections and extensions (`above`, outermost
 * first; they move above the join) and at most one filter (kept beside the scan, where an
 * index join takes it).
 */
function probedScan(branch: Plan): { input: Plan; scan: Scan; above: (Project | Extend)[] } | null {
  const above: (Project | Extend)[] = [];
  let p = branch;
  while (p.kind === 'project' || p.kind === 'extend') {
    above.push(p);
    p = p.input;
  }
  if (p.kind === 'scan') return { input: p, scan: p, above };
  if (p.kind === 'filter' && p.input.kind === 'scan') return { input: p, scan: p.input, above };
  return null;
}

/** probesIndex: some equality of the conditions puts a key prefix of the scan against the other side. */
function probesIndex(conditions: readonly Expr[], other: Plan, scan: Scan): boolean {
  const outer = new Set(other.schema.map((c) => c.id));
  const inner = new Set(scan.schema.map((c) => c.id));
  const pairs: { inner: number; outer: Expr }[] = [];
  for (const e of conditions) {
    if (e.kind !== 'call' || e.args.length !== 2 || !lookupFunction(e.fn).equality) continue;
    const [x, y] = e.args;
    const from = (side: Expr, ids: Set<number>) => columnsUsed(side).size > 0 && [...columnsUsed(side)].every((id) => ids.has(id));
    if (x.kind === 'column' && inner.has(x.id) && from(y, outer)) pairs.push({ inner: x.id, outer: y });
    else if (y.kind === 'column' && inner.has(y.id) && from(x, outer)) pairs.push({ inner: y.id, outer: x });
  }
  return pairs.length > 0 && lookupKeys(scan, pairs) !== null;
}

/**
 * freshCopy copies a plan of scans, filters, projections, extensions, values and unions with
 * every column it produces renumbered; `ids` maps the old ids to the new columns. Null for any
 * other node (the rule then leaves the join alone).
 */
function freshCopy(plan: Plan, ctx: OptimizerContext): { plan: Plan; ids: Map<number, Expr> } | null {
  const ids = new Map<number, Expr>();
  const fresh = new Map<number, Column>();
  const renew = (c: Column): Column => {
    const f = ctx.alloc.like(c);
    fresh.set(c.id, f);
    ids.set(c.id, col(f));
    return f;
  };
  const same = (c: Column): Column => fresh.get(c.id) ?? c;
  const expr = (e: Expr) => substitute(e, ids);
  const copy = (p: Plan): Plan | null => {
    switch (p.kind) {
      case 'scan':
        return b.scan(p.relation, p.schema.map(renew));
      case 'values':
        return b.values(p.schema.map(renew), p.rows.map((r) => r.map(expr)));
      case 'filter': {
        const input = copy(p.input);
        return input && b.filter(input, expr(p.predicate));
      }
      case 'project': {
        const input = copy(p.input);
        return input && b.project(input, p.schema.map(same));
      }
      case 'extend': {
        const input = copy(p.input);
        return input && b.extend(input, p.definitions.map((d) => ({ expr: expr(d.expr), column: renew(d.column) })));
      }
      case 'union': {
        const inputs: Plan[] = [];
        for (const x of p.inputs) {
          const c = copy(x);
          if (c === null) return null;
          inputs.push(c);
        }
        return b.union(p.schema.map(renew), inputs);
      }
      default:
        return null;
    }
  };
  const out = copy(plan);
  return out === null ? null : { plan: out, ids };
}
