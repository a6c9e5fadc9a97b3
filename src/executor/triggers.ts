/**
 * triggers.ts — row triggers for the Write operator (write.ts), beside foreign-keys.ts: the
 * Write calls `before` and `after` around each row it changes, as it calls ForeignKeys.
 *
 * Each action's WHEN and body plans are compiled once, against an outer scope holding the
 * action's OLD then NEW columns (as Apply compiles its subquery against its input row), and
 * re-opened per row after the frame is pointed at that row's values. A body runs to its end
 * before the next starts, so its writes see those of the bodies before it. RAISE(IGNORE)
 * (sql-raise.ts TriggerIgnore) ends the row's trigger work: before the write, the row is
 * then skipped.
 */
import { type PhysicalPlan, type TriggerAction } from '../algebra/index.js';
import { TriggerIgnore } from '../algebra/functions/sql-raise.js';
import type { Row } from '../common/values.js';
import { layoutOf, type Frame } from './compile-expr.js';
import type { PlanCompiler } from './compile-plan.js';
import { drainInto, type Open, type Operator, type Scope } from './operator.js';

interface CompiledAction {
  readonly timing: 'before' | 'after';
  readonly frame: Frame;
  readonly hasOld: boolean;
  readonly hasNew: boolean;
  readonly when: Open | null;
  readonly body: readonly Open[];
}

export class RowTriggers {
  private constructor(private readonly actions: readonly CompiledAction[]) {}

  /** compile prepares a Write's trigger actions; null when it has none. */
  static compile(actions: readonly TriggerAction<PhysicalPlan>[] | undefined, c: PlanCompiler, scope: Scope): RowTriggers | null {
    if (!actions?.length) return null;
    return new RowTriggers(
      actions.map((t) => {
        const frame: Frame = { row: [] };
        const inner: Scope = { outer: { layout: layoutOf([...t.old, ...t.new]), frame, parent: scope.outer }, recursive: scope.recursive };
        return {
          timing: t.timing,
          frame,
          hasOld: t.old.length > 0,
          hasNew: t.new.length > 0,
          when: t.when === null ? null : c.compile(t.when, inner),
          body: t.body.map((x) => c.compile(x, inner)),
        };
      }),
    );
  }

  /** before runs the BEFORE actions for a row (null where the event has no such row); false when RAISE(IGNORE) skips it. */
  before(old: Row | null, next: Row | null): boolean {
    return this.run('before', old, next);
  }

  /** after runs the AFTER actions for a row the Write has changed. */
  after(old: Row | null, next: Row | null): void {
    this.run('after', old, next);
  }

  private run(timing: 'before' | 'after', old: Row | null, next: Row | null): boolean {
    try {
      for (const a of this.actions) {
        if (a.timing !== timing) continue;
        a.frame.row = a.hasOld && a.hasNew ? [...old!, ...next!] : a.hasOld ? old! : next!;
        if (a.when !== null && !yieldsRow(a.when())) continue;
        for (const body of a.body) drainInto(body(), []);
      }
      return true;
    } catch (e) {
      if (e instanceof TriggerIgnore) return false;
      throw e;
    }
  }
}

function yieldsRow(op: Operator): boolean {
  try {
    return op.next() !== null;
  } finally {
    op.close();
  }
}
