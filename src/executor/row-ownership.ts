/**
 * row-ownership.ts — whether a plan's output rows may be arrays the executor does not own.
 *
 * Scans hand over the store's row arrays as they are (never copied inside the executor: every
 * operator treats its input rows as read-only), and a VALUES operator its compiled constant
 * rows. Inside a plan that is safe; a row given to a caller is not, since a caller may change
 * it — and a change to a stored row would be a change to the database that no transaction
 * made. Operators that build their output rows (projections, joins, aggregates, …) hand over
 * arrays nobody else holds; filters, sorts, limits and set operations pass their input's rows
 * through. Only a plan whose result may reach such a shared array needs its rows copied.
 */
import type { PhysicalPlan } from '../algebra/index.js';

/** sharesRows says whether some row `plan` outputs may be held elsewhere (the store, a compiled constant). */
export function sharesRows(plan: PhysicalPlan): boolean {
  const from = rowSource(plan);
  return from === BUILT ? false : from === HELD ? true : from.some(sharesRows);
}

/** passedThrough lists the inputs whose rows `plan` outputs as they are (none when it builds its rows or holds them itself). */
export function passedThrough(plan: PhysicalPlan): readonly PhysicalPlan[] {
  const from = rowSource(plan);
  return from === BUILT || from === HELD ? [] : from;
}

/** The operator builds its output rows. */
const BUILT = 'built';
/** The operator outputs rows held elsewhere (scans, VALUES, recursive relations, writes' RETURNING rows). */
const HELD = 'held';

/** rowSource says where a node's output rows come from: built by it, held elsewhere, or its inputs' rows passed through. */
function rowSource(plan: PhysicalPlan): typeof BUILT | typeof HELD | readonly PhysicalPlan[] {
  switch (plan.kind) {
    case 'project':
    case 'hash-aggregate':
    case 'window':
    case 'unnest':
    case 'multiway-join':
      return BUILT;
    case 'hash-join':
    case 'index-join':
    case 'nested-loop-join':
      // Semi and anti joins output the left rows themselves.
      return plan.joinKind === 'semi' || plan.joinKind === 'anti' ? [plan.left] : BUILT;
    case 'apply':
      return plan.mode === 'semi' || plan.mode === 'anti' ? [plan.input] : BUILT;
    case 'filter':
    case 'sort':
    case 'top-k':
    case 'limit':
    case 'distinct':
      return [plan.input];
    case 'union':
      return plan.inputs;
    case 'minus':
    case 'intersect':
      return [plan.left];
    default:
      return HELD;
  }
}

/** ownedRows returns `rows` with every row a fresh array when `shared` (the plan may output shared arrays). */
export function ownedRows<R extends readonly unknown[]>(rows: R[], shared: boolean): R[] {
  if (!shared) return rows;
  for (let i = 0; i < rows.length; i++) rows[i] = rows[i].slice() as unknown as R;
  return rows;
}
