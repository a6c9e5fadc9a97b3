/**
 * counters.ts — the database's change counters as a statement reads them: SQL's changes(),
 * total_changes() and last_insert_rowid() lower to parameters under these keys, which the engine
 * binds from its counters for a statement that mentions them. The mark keeps them apart from any
 * parameter a user can name (`:name`, `@name`, `$name` and `?N` never begin with it).
 */
import { INTERNAL_MARK } from './columns.js';

export const COUNTER_PARAMS = {
  changes: `${INTERNAL_MARK}changes`,
  totalChanges: `${INTERNAL_MARK}total_changes`,
  lastInsertRowid: `${INTERNAL_MARK}last_insert_rowid`,
} as const;

export const isCounterParam = (key: number | string): boolean => typeof key === 'string' && key.startsWith(INTERNAL_MARK);
