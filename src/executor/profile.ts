/**
 * profile.ts — EXPLAIN ANALYZE's measurements: per physical node, the rows and batches it
 * produced, the time spent inside its next() (inclusive of its inputs) and how many times it
 * was opened (loops: 1 normally, once per outer row under Apply, once per iteration in a
 * Fixpoint step). Operators are wrapped only when a Profile is passed, so an ordinary run
 * pays nothing.
 */
import type { PhysicalPlan } from '../algebra/index.js';
import type { Row } from '../common/values.js';
import type { Open, Operator } from './operator.js';

export interface NodeProfile {
  rows: number;
  batches: number;
  timeMs: number;
  loops: number;
}

/** Filled by an execution that is given one; keyed by the plan's own node objects. */
export type Profile = Map<PhysicalPlan, NodeProfile>;

/** createProfile makes an empty profile to pass in ExecutionOptions. */
export function createProfile(): Profile {
  return new Map();
}

/** profiled wraps a compiled operator so that each instance reports into `profile` under `node`. */
export function profiled(node: PhysicalPlan, open: Open, profile: Profile): Open {
  let entry = profile.get(node);
  if (!entry) {
    entry = { rows: 0, batches: 0, timeMs: 0, loops: 0 };
    profile.set(node, entry);
  }
  const stats = entry;
  return () => {
    stats.loops++;
    const t0 = performance.now();
    const op = open();
    stats.timeMs += performance.now() - t0;
    return new ProfiledOperator(op, stats);
  };
}

class ProfiledOperator implements Operator {
  constructor(
    private readonly op: Operator,
    private readonly stats: NodeProfile,
  ) {}

  next(): Row[] | null {
    const t0 = performance.now();
    try {
      const b = this.op.next();
      if (b !== null) {
        this.stats.rows += b.length;
        this.stats.batches++;
      }
      return b;
    } finally {
      this.stats.timeMs += performance.now() - t0;
    }
  }

  close(): void {
    this.op.close();
  }
}
