/**
 * distinct.ts — removes duplicate rows (NULLs equal), streaming: a row passes the first time
 * its key is seen.
 *
 * Rows of one to four small integers (ids: the distinct join keys a DISTINCT pushed below a
 * join leaves, a set of friends' ids) are kept in an IntKeyTable (intKey), made for the first
 * such row with room for twice the estimate; any other row in a Set of its hash key
 * (hash-key.ts, whole row). A row with an int key never equals one without (intKey's
 * contract), so each row is looked up in one of the two.
 */
import type { PDistinct } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { intKey, rowKeyFn, type HashKey } from '../hash-key.js';
import { IntKeyTable, PRESIZE_LIMIT } from '../int-key-table.js';
import type { Open, Operator, Scope } from '../operator.js';

export function compileDistinct(p: PDistinct, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const width = p.schema.length;
  const key = rowKeyFn(width);
  // Room for twice the rows expected: a DISTINCT's estimate is often low (SQL Q3's: 286 rows for
  // 409), and a growth rehashes every key into a fresh table, where more room costs only zeroing.
  const expected = width >= 1 && width <= 4 ? Math.min(Math.ceil(p.estimatedRows * 2), PRESIZE_LIMIT) : -1;
  return () => new DistinctOperator(input(), key, width, expected);
}

class DistinctOperator implements Operator {
  /** Rows without an int key, by hash key: made for the first such row. */
  private seen: Set<HashKey> | null = null;
  /** Rows with an int key: made for the first such row (null until then, and for rows too wide to have one). */
  private ints: IntKeyTable | null = null;

  constructor(
    private readonly input: Operator,
    private readonly key: (row: Row) => HashKey,
    private readonly width: number,
    /** The rows the int table is sized for (-1: rows too wide for an int key). */
    private readonly expected: number,
  ) {}

  next(): Row[] | null {
    for (;;) {
      const b = this.input.next();
      if (b === null) return null;
      // At most the whole batch passes: one array of its size, cut to the rows kept (not grown by push).
      const out: Row[] = new Array<Row>(b.length);
      let n = 0;
      let seen = this.seen;
      let ints = this.ints;
      const width = this.width;
      const keyed = this.expected >= 0;
      let i = 0;
      if (width === 1 && keyed) {
        // One column of int32s (ids): each value is its own key (intKey's first case), up to the first row of another value.
        for (; i < b.length; i++) {
          const row = b[i];
          const v = row[0];
          if (typeof v !== 'number' || (v | 0) !== v) break;
          if (ints === null) ints = this.ints = new IntKeyTable(this.expected);
          const before = ints.size;
          if (ints.add(v | 0) === before) out[n++] = row;
        }
      }
      for (; i < b.length; i++) {
        const row = b[i];
        const k = keyed ? intKey(row, width) : undefined;
        if (k !== undefined) {
          // Rows of texts (a DISTINCT of ids and names) never make the table.
          if (ints === null) ints = this.ints = new IntKeyTable(this.expected);
          const before = ints.size;
          if (ints.add(k) === before) out[n++] = row;
          continue;
        }
        const h = this.key(row);
        if (seen === null) seen = this.seen = new Set<HashKey>();
        if (!seen.has(h)) {
          seen.add(h);
          out[n++] = row;
        }
      }
      if (n === b.length) return b;
      if (n > 0) {
        out.length = n;
        return out;
      }
    }
  }

  close(): void {
    this.input.close();
    this.seen = null;
    this.ints?.release();
    this.ints = null;
  }
}
