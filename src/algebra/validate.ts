/**
 * validate.ts — the plan checker run after lowering and after every optimizer pass.
 *
 * It checks what the smart constructors cannot see locally: every column an expression reads
 * is produced by the node's inputs or by an enclosing Apply (correlation), every recursive
 * scan sits inside the Fixpoint that binds it, and no schema repeats a column id.
 * A failure is a bug in polyglotdb (a front end or a pass), reported with the offending node.
 */
import { columnsUsed, type Expr } from './expr.js';
import { triggerPlans, type Plan } from './logical.js';
import { printPlan } from './print.js';
import { children, expressions } from './visit.js';

export class PlanValidationError extends Error {}

/** validatePlan throws PlanValidationError when the plan is malformed. */
export function validatePlan(plan: Plan, outer: ReadonlySet<number> = new Set()): void {
  check(plan, outer, new Set());
}

function check(p: Plan, outer: ReadonlySet<number>, recursive: ReadonlySet<number>): void {
  const seen = new Set<number>();
  for (const c of p.schema) {
    if (seen.has(c.id)) fail(p, `column #${c.id} appears twice in the schema`);
    seen.add(c.id);
  }
  switch (p.kind) {
    case 'apply': {
      check(p.input, outer, recursive);
      const inner = new Set(outer);
      for (const c of p.input.schema) inner.add(c.id);
      check(p.subquery, inner, recursive);
      return;
    }
    case 'fixpoint': {
      const rec = new Set(recursive);
      for (const b of p.bindings) rec.add(b.relation.id);
      for (const b of p.bindings) {
        check(b.init, outer, rec);
        check(b.step, outer, rec);
      }
      check(p.body, outer, rec);
      return;
    }
    case 'write': {
      // Trigger plans read the changed row's OLD and NEW columns, bound by the Write per row.
      check(p.input, outer, recursive);
      for (const t of p.triggers) {
        const inner = new Set(outer);
        for (const c of [...t.old, ...t.new]) inner.add(c.id);
        for (const x of triggerPlans([t])) check(x, inner, recursive);
      }
      return;
    }
    case 'recursive-scan':
      if (!recursive.has(p.relation.id)) fail(p, `recursive relation ${p.relation.name} is not bound by an enclosing fixpoint`);
      return;
    default:
      break;
  }
  const scope = new Set(outer);
  for (const c of children(p)) for (const col of c.schema) scope.add(col.id);
  for (const e of expressions(p)) checkExpr(p, e, scope);
  for (const c of children(p)) check(c, outer, recursive);
}

function checkExpr(p: Plan, e: Expr, scope: ReadonlySet<number>): void {
  for (const id of columnsUsed(e)) if (!scope.has(id)) fail(p, `expression reads column #${id}, which is not in scope`);
}

function fail(p: Plan, message: string): never {
  throw new PlanValidationError(`invalid plan: ${message} in\n${printPlan(p)}`);
}
