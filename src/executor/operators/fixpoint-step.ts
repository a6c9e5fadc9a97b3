/**
 * fixpoint-step.ts — how a Fixpoint (fixpoint.ts) evaluates an init or a step: split at its
 * top-level unions into parts, each part either a fused join over value codes
 * (fixpoint-join.ts) or the usual operators drained into the relation's new rows.
 */
import type { PhysicalPlan } from '../../algebra/index.js';
import type { PlanCompiler } from '../compile-plan.js';
import type { RecursiveState, Scope } from '../operator.js';
import { compileJoinPart } from './fixpoint-join.js';

/** One part of a step while one Fixpoint runs: `run` once per iteration, `close` at the end. */
export interface StepRun {
  /** run adds the part's rows to its relation (under set semantics, only rows not held yet). */
  run(): void;
  close(): void;
}

/** A compiled step; each call starts the parts of one Fixpoint run. */
export type StepParts = () => StepRun[];

/**
 * compileStep splits the step of `target` at its top-level unions (a bag union of parts adds
 * the same rows in any order) and compiles each part, fused when `fuse` and it has the shape;
 * `once` for an init (run once per Fixpoint run, not once per iteration).
 */
export function compileStep(step: PhysicalPlan, c: PlanCompiler, scope: Scope, own: ReadonlyMap<number, RecursiveState>, target: RecursiveState, fuse: boolean, once: boolean): StepParts {
  const parts: (() => StepRun)[] = [];
  const fusing = fuse && !c.profiling;
  const visit = (p: PhysicalPlan): void => {
    if (p.kind === 'union' && fusing) {
      for (const input of p.inputs) visit(input);
      return;
    }
    const fused = fusing ? compileJoinPart(p, c, scope, own, target, once) : null;
    if (fused !== null) parts.push(fused);
    else {
      const open = c.compile(p, scope);
      parts.push(() => ({ run: () => target.rows.addAll(open), close: () => {} }));
    }
  };
  visit(step);
  return () => parts.map((start) => start());
}
