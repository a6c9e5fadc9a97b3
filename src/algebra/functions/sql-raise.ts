/**
 * sql-raise.ts — SQLite's RAISE() inside trigger programs
 * (https://sqlite.org/lang_createtrigger.html#the_raise_function).
 *
 * `sql.raise(action, message)` never returns. IGNORE throws a TriggerIgnore signal, which the
 * Write running the trigger catches to skip the rest of that row's work; ABORT, FAIL and
 * ROLLBACK throw a RaiseError carrying the action, so the engine knows how much to undo
 * (the statement, nothing of what the statement already did, or the whole transaction).
 */
import { ConstraintError } from '../../common/errors.js';
import { defineFunction } from './registry.js';

export type RaiseAction = 'abort' | 'fail' | 'rollback';

/** TriggerIgnore is RAISE(IGNORE): not an error, a jump out of the running trigger program. */
export class TriggerIgnore extends Error {
  constructor() {
    super('RAISE(IGNORE) outside a trigger program');
  }
}

/** RaiseError is RAISE(ABORT|FAIL|ROLLBACK, message): the statement fails with the message. */
export class RaiseError extends ConstraintError {
  constructor(
    readonly action: RaiseAction,
    message: string,
  ) {
    super(message);
  }
}

defineFunction({
  id: 'sql.raise',
  minArgs: 1,
  maxArgs: 2,
  returnType: () => 'any',
  deterministic: false,
  nullRejecting: false,
  eval: (action, message) => {
    if (action === 'ignore') throw new TriggerIgnore();
    throw new RaiseError(action as RaiseAction, message === null || message === undefined ? '' : String(message));
  },
});
