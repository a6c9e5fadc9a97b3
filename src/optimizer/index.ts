/**
 * The optimizer: logical plan in, physical plan out, through the named passes of passes.ts
 * and physical planning (physical/plan.ts). Shared by every language.
 */
import type { Plan } from '../algebra/logical.js';
import type { PhysicalPlan } from '../algebra/physical.js';
import { validatePlan } from '../algebra/validate.js';
import { enabled, type OptimizerContext } from './context.js';
import { PASSES } from './passes.js';
import { toPhysical } from './physical/plan.js';

export interface PassReport {
  name: string;
  ran: boolean;
  timeMs: number;
}

export interface OptimizeResult {
  logical: Plan;
  physical: PhysicalPlan;
  passes: PassReport[];
}

/** optimize runs every enabled pass, validating after each, then plans physically. */
export function optimize(plan: Plan, ctx: OptimizerContext): OptimizeResult {
  const passes: PassReport[] = [];
  let current = plan;
  for (const pass of PASSES) {
    if (!enabled(ctx, pass.name)) {
      passes.push({ name: pass.name, ran: false, timeMs: 0 });
      continue;
    }
    const start = performance.now();
    current = pass.run(current, ctx);
    passes.push({ name: pass.name, ran: true, timeMs: performance.now() - start });
    if (ctx.validate) validatePlan(current);
  }
  const start = performance.now();
  const physical = toPhysical(current, ctx);
  passes.push({ name: 'physical-plan', ran: true, timeMs: performance.now() - start });
  return { logical: current, physical, passes };
}

export { makeContext, type OptimizerContext, type OptimizerOptions } from './context.js';
export { PASSES, PHYSICAL_SWITCHES } from './passes.js';
export { Estimator } from './estimate.js';
export { printPhysical } from './explain.js';
