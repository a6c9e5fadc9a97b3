/**
 * row-counts.ts — the right side of minus and intersect: how many times each whole row
 * (hash-key.ts: positional, NULLs equal) occurs.
 */
import type { Row } from '../../common/values.js';
import type { HashKey } from '../hash-key.js';
import type { Open } from '../operator.js';

/** countRows drains an input into row key → occurrences. */
export function countRows(open: Open, key: (row: Row) => HashKey): Map<HashKey, number> {
  const counts = new Map<HashKey, number>();
  const op = open();
  try {
    for (let b = op.next(); b !== null; b = op.next()) {
      for (let i = 0; i < b.length; i++) {
        const k = key(b[i]);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
  } finally {
    op.close();
  }
  return counts;
}
