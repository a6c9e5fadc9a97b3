/**
 * pragma.ts — the PRAGMAs with a meaning here. `foreign_keys`: foreign keys are always
 * enforced (README), so `PRAGMA foreign_keys` answers 1, `= ON` is accepted (scripts written
 * for SQLite start with it) and `= OFF` is refused rather than ignored.
 */
import * as b from '../algebra/build.js';
import { lit } from '../algebra/expr.js';
import type { Statement } from '../algebra/statement.js';
import { UnsupportedError } from '../common/errors.js';
import type * as ast from '../../grammar/sql/ast.js';
import type { SqlContext } from './context.js';
import { sourceOf } from './fragment.js';
import { at, key } from './names.js';

const ON = new Set(['1', 'on', 'true', 'yes']);

export function lowerPragma(s: ast.Pragma, ctx: SqlContext): Statement {
  const name = key(s.name.name.name);
  if (name !== 'foreign_keys') throw new UnsupportedError(`PRAGMA ${s.name.name.name} is not supported`, at(s.span));
  if (s.value === null) {
    const column = ctx.alloc.column('foreign_keys', 'integer');
    return { kind: 'query', plan: b.values([column], [[lit(1)]]), alloc: ctx.alloc, columns: ['foreign_keys'], returnsRows: true, explain: null };
  }
  const value = (s.value.kind === 'Identifier' ? s.value.name : sourceOf(ctx, s.value)).replace(/^'(.*)'$/, '$1').toLowerCase();
  if (!ON.has(value)) throw new UnsupportedError('foreign keys are always enforced: PRAGMA foreign_keys cannot switch them off', at(s.value.span));
  return { kind: 'schema', description: 'PRAGMA foreign_keys = ON', apply: () => {} };
}
