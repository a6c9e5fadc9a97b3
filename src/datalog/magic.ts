/**
 * magic.ts — magic-set rewriting (placeholder).
 */
import type { Catalog } from '../algebra/statement.js';
import type { CheckedProgram } from './check.js';
import type { NQuery } from './normalize.js';

export function magicSets(_checked: CheckedProgram, _query: NQuery, _catalog: Catalog): { checked: CheckedProgram; query: NQuery } | null {
  return null;
}
