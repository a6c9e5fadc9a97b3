/**
 * project.ts — computes each output column from the input row (projection and extension).
 * Output rows are fresh arrays of known width filled by index, made by row-sites.ts (whose
 * allocation sites are settled); a projection made only of column references copies slots
 * without calling evaluators.
 */
import type { Evaluator, PProject } from '../../algebra/index.js';
import type { Row, Value } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { ProjectKernel } from '../codegen.js';
import { layoutOf, type Layout } from '../compile-expr.js';
import { compileHashJoin } from './hash-join.js';
import { compileIndexJoin } from './index-join.js';
import { compileIndexScan } from './index-scan.js';
import { compileMultiwayJoin } from './multiway-join.js';
import type { Open, Operator, Scope } from '../operator.js';
import { blankRow, rowOfSlots } from '../row-sites.js';

export function compileProject(p: PProject, c: PlanCompiler, scope: Scope): Open {
  const layout = layoutOf(p.input.schema);
  const src = projectionSlots(p.outputs, layout);
  if (src !== null) {
    // Keeping some columns of a join's rows: the join builds only those (never the wide row).
    // The join compiles its own inputs: compiling p.input here too would compile every level of
    // a chain of such joins twice (2^depth for a 17-table join).
    const join = p.input;
    const fused = fusedJoin(p, c, scope, src, false);
    if (fused !== null) return fused;
    if (join.kind === 'multiway-join' && !c.profiling) return compileMultiwayJoin(join, c, scope, src);
    // Some distinct columns of a covering index scan: decoded from its entries into rows of only those.
    if (join.kind === 'index-scan' && join.covering === true && !c.profiling && new Set(src).size === src.length) {
      return compileIndexScan(join, c, scope, Array.from(src));
    }
    const input = c.compile(p.input, scope);
    return () => new SlotProjectOperator(input(), src);
  }
  const input = c.compile(p.input, scope);
  const kernel = c.projectKernel(
    p.outputs.map((o) => o.expr),
    p.input.schema,
    scope,
  );
  if (kernel !== null) return () => new KernelProjectOperator(input(), kernel);
  const evals = p.outputs.map((o) => c.expr(o.expr, layout, scope));
  return () => new ProjectOperator(input(), evals);
}

/**
 * fusedJoin compiles a projection of columns (`src`: projectionSlots) over an inner or left hash
 * or index join as the join building only those columns, or returns null. `reuseRows`: the
 * consumer folds each batch before asking for the next and keeps no row (JoinOperator).
 */
export function fusedJoin(p: PProject, c: PlanCompiler, scope: Scope, src: Int32Array | null, reuseRows: boolean): Open | null {
  const join = p.input;
  if (src === null || c.profiling) return null;
  if (join.kind === 'hash-join' && (join.joinKind === 'inner' || join.joinKind === 'left')) return compileHashJoin(join, c, scope, src, reuseRows);
  if (join.kind === 'index-join' && (join.joinKind === 'inner' || join.joinKind === 'left')) return compileIndexJoin(join, c, scope, src, reuseRows);
  return null;
}

/** projectionSlots gives the input slot of each output when every output is a column reference, else null. */
export function projectionSlots(outputs: PProject['outputs'], layout: Layout): Int32Array | null {
  const slots = outputs.map((o) => (o.expr.kind === 'column' ? (layout.get(o.expr.id) ?? -1) : -1));
  return slots.every((s) => s >= 0) ? Int32Array.from(slots) : null;
}

/** A projection whose loop was generated with its expressions inlined (codegen.ts). */
class KernelProjectOperator implements Operator {
  constructor(
    private readonly input: Operator,
    private readonly kernel: ProjectKernel,
  ) {}

  next(): Row[] | null {
    const batch = this.input.next();
    if (batch === null) return null;
    const out: Row[] = new Array(batch.length);
    this.kernel(batch, out);
    return out;
  }

  close(): void {
    this.input.close();
  }
}

class ProjectOperator implements Operator {
  constructor(
    private readonly input: Operator,
    private readonly evals: readonly Evaluator[],
  ) {}

  next(): Row[] | null {
    const batch = this.input.next();
    if (batch === null) return null;
    const evals = this.evals;
    const w = evals.length;
    const n = batch.length;
    const out: Row[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = batch[i];
      const o = blankRow(w);
      for (let j = 0; j < w; j++) o[j] = evals[j](row);
      out[i] = o;
    }
    return out;
  }

  close(): void {
    this.input.close();
  }
}

class SlotProjectOperator implements Operator {
  constructor(
    private readonly input: Operator,
    private readonly src: Int32Array,
  ) {}

  next(): Row[] | null {
    const batch = this.input.next();
    if (batch === null) return null;
    const src = this.src;
    const n = batch.length;
    const out: Row[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = rowOfSlots(batch[i], src);
    return out;
  }

  close(): void {
    this.input.close();
  }
}
