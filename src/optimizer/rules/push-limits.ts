/**
 * push-limits.ts — move LIMIT below row-by-row operators (projection, extension).
 *
 * Those map each input row to exactly one output row, so limiting first computes fewer rows
 * and, more importantly, puts the limit directly over a sort, where physical planning can
 * turn the pair into a top-k.
 */
import * as b from '../../algebra/build.js';
import type { Plan } from '../../algebra/logical.js';
import { transformUp } from '../../algebra/visit.js';

export function pushLimits(plan: Plan): Plan {
  return transformUp(plan, (p) => {
    if (p.kind !== 'limit') return p;
    const inner = p.input;
    if (inner.kind === 'project') return b.project(pushLimits(b.limit(inner.input, p.offset, p.count)), inner.schema);
    if (inner.kind === 'extend') return b.extend(pushLimits(b.limit(inner.input, p.offset, p.count)), inner.definitions);
    return p;
  });
}
