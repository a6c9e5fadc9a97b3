/**
 * compile-plan.ts — compiles a physical plan into a tree of Open functions (operator.ts).
 *
 * Dispatch is a Record over every physical kind, so adding a node to physical.ts fails to
 * compile until the executor handles it. Each operator file exports one `compileX(node,
 * compiler, scope)` that compiles its expressions and children and returns how to open it.
 */
import type { Column, Evaluator, Expr, PhysicalKind, PhysicalOf, PhysicalPlan } from '../algebra/index.js';
import { compileExpr, layoutOf, type CompileEnv, type Layout } from './compile-expr.js';
import {
  generateAggregateKernel,
  generateEvaluator,
  generateFilterKernel,
  generatePickKernel,
  generateProjectKernel,
  type AggregateKernel,
  type FilterKernel,
  type KernelAggregate,
  type PickKernel,
  type ProjectKernel,
} from './codegen.js';

import type { ExecContext, Open, Scope } from './operator.js';
import { profiled, type Profile } from './profile.js';
import { findShared, SharedReader, type SharedRows } from './shared-plans.js';
import { compileApply } from './operators/apply.js';
import { compileDistinct } from './operators/distinct.js';
import { compileFilter } from './operators/filter.js';
import { compileFixpoint } from './operators/fixpoint.js';
import { compileHashAggregate } from './operators/hash-aggregate.js';
import { compileHashJoin } from './operators/hash-join.js';
import { compileIndexJoin } from './operators/index-join.js';
import { compileIndexScan } from './operators/index-scan.js';
import { compileIntersect } from './operators/intersect.js';
import { compileLimit } from './operators/limit.js';
import { compileMinus } from './operators/minus.js';
import { compileMultiwayJoin } from './operators/multiway-join.js';
import { compileNestedLoopJoin } from './operators/nested-loop-join.js';
import { compileProject } from './operators/project.js';
import { compileRecursiveScan } from './operators/recursive-scan.js';
import { compileSort } from './operators/sort.js';
import { compileTableScan } from './operators/table-scan.js';
import { compileTopK } from './operators/top-k.js';
import { compileUnion } from './operators/union.js';
import { compileUnnest } from './operators/unnest.js';
import { compileValues } from './operators/values.js';
import { compileWindow } from './operators/window.js';
import { compileWrite } from './operators/write.js';

type Compilers = { [K in PhysicalKind]: (p: PhysicalOf<K>, c: PlanCompiler, scope: Scope) => Open };

const compilers: Compilers = {
  'table-scan': compileTableScan,
  'index-scan': compileIndexScan,
  values: compileValues,
  filter: compileFilter,
  project: compileProject,
  'hash-join': compileHashJoin,
  'index-join': compileIndexJoin,
  'nested-loop-join': compileNestedLoopJoin,
  'multiway-join': compileMultiwayJoin,
  'hash-aggregate': compileHashAggregate,
  sort: compileSort,
  'top-k': compileTopK,
  limit: compileLimit,
  distinct: compileDistinct,
  union: compileUnion,
  minus: compileMinus,
  intersect: compileIntersect,
  unnest: compileUnnest,
  apply: compileApply,
  'recursive-scan': compileRecursiveScan,
  fixpoint: compileFixpoint,
  write: compileWrite,
  window: compileWindow,
};

/** PlanCompiler compiles nodes and their expressions for one execution. */
export class PlanCompiler {
  /** The plan's shared subplans (shared-plans.ts), found when the root is compiled. */
  private shared: Map<PhysicalPlan, SharedRows> | null = null;
  /** Set while a Write's trigger plans are compiled: a Write met then is a trigger's, not the statement's own. */
  insideWrite = false;

  constructor(
    readonly ctx: ExecContext,
    private readonly profile: Profile | undefined,
    /** Whether a subplan the plan holds more than once is computed once per run (false: every copy runs). */
    private readonly share = true,
  ) {}

  /** sharedRows lists the shared subplans' run state, for the runner to empty as a run starts and ends. */
  get sharedRows(): SharedRows[] {
    return this.shared === null ? [] : [...new Set(this.shared.values())];
  }

  /** Whether every node is profiled (EXPLAIN ANALYZE): operators must not be fused then. */
  get profiling(): boolean {
    return this.profile !== undefined;
  }

  /** compile turns a node (and its subtree) into an Open; wrapped for profiling only when profiling. */
  compile(p: PhysicalPlan, scope: Scope): Open {
    // The first node compiled is the root: its shared subplans are found then.
    this.shared ??= this.share ? findShared(p) : new Map();
    const shared = this.shared.get(p);
    let open: Open;
    if (shared === undefined) open = (compilers[p.kind] as (p: PhysicalPlan, c: PlanCompiler, scope: Scope) => Open)(p, this, scope);
    else {
      // Compiled from its first copy (unprofiled: each copy's reader reports its own rows).
      shared.source ??= (compilers[p.kind] as (p: PhysicalPlan, c: PlanCompiler, scope: Scope) => Open)(p, this, scope);
      open = () => new SharedReader(shared);
    }
    return this.profile ? profiled(p, open, this.profile) : open;
  }

  /** expr compiles an expression over rows of `schema` (or an explicit layout). */
  expr(e: Expr, schema: readonly Column[] | Layout, scope: Scope): Evaluator {
    const layout = isLayout(schema) ? schema : layoutOf(schema);
    const env = this.env(scope);
    return generateEvaluator(e, layout, env) ?? compileExpr(e, layout, env);
  }

  /** filterKernel compiles a filter's whole per-batch loop, or returns null (closures then). */
  filterKernel(predicate: Expr, schema: readonly Column[], scope: Scope): FilterKernel | null {
    return generateFilterKernel(predicate, layoutOf(schema), this.env(scope));
  }

  /** aggregateKernel compiles a hash aggregate's whole per-batch loop, or returns null (closures then). */
  aggregateKernel(groupSlots: readonly number[], aggregates: readonly KernelAggregate[], layout: Layout, scope: Scope): AggregateKernel | null {
    return generateAggregateKernel(groupSlots, aggregates, layout, this.env(scope));
  }

  /** pickKernel compiles the loop keeping column `slot` alone of the rows of `schema` where `predicate` holds, or returns null (closures then). */
  pickKernel(predicate: Expr, schema: readonly Column[], slot: number, scope: Scope): PickKernel | null {
    return generatePickKernel(predicate, slot, layoutOf(schema), this.env(scope));
  }

  /** projectKernel compiles a projection's whole per-batch loop, or returns null (closures then). */
  projectKernel(exprs: readonly Expr[], schema: readonly Column[], scope: Scope): ProjectKernel | null {
    return generateProjectKernel(exprs, layoutOf(schema), this.env(scope));
  }

  /** env is the expression environment of a scope. */
  env(scope: Scope): CompileEnv {
    return { params: this.ctx.params, outer: scope.outer, frame: this.ctx.frame };
  }
}

function isLayout(x: readonly Column[] | Layout): x is Layout {
  return x instanceof Map;
}
