/**
 * nested-loop-join.ts — materializes `right` once (on the first left row, so an empty left
 * never reads it) and tests every left/right pair against `condition` (null: every pair
 * matches, a cross join). Join kinds are join-driver.ts's; unknown for a mark join comes only
 * from the condition itself returning null.
 */
import type { PNestedLoopJoin } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { concatLayout } from '../compile-expr.js';
import { drainInto, type Open, type Scope } from '../operator.js';
import { JoinOperator, type JoinSource } from './join-driver.js';

export function compileNestedLoopJoin(p: PNestedLoopJoin, c: PlanCompiler, scope: Scope): Open {
  const left = c.compile(p.left, scope);
  const right = c.compile(p.right, scope);
  const condition = p.condition === null ? null : c.expr(p.condition, concatLayout(p.left.schema, p.right.schema), scope);
  const lw = p.left.schema.length;
  const rw = p.right.schema.length;
  const limits = c.ctx.limits;
  return () => new JoinOperator(p.joinKind, left(), new MaterializedSource(right), condition, lw, rw, limits, null, p.estimatedRows);
}

class MaterializedSource implements JoinSource {
  private rows: Row[] | null = null;

  constructor(private readonly openRight: Open) {}

  candidates(): readonly Row[] {
    return (this.rows ??= drainInto(this.openRight(), []));
  }

  unknownWithoutMatch(): boolean {
    return false;
  }

  close(): void {
    this.rows = null;
  }
}
