/**
 * distinct.ts — removes duplicate rows (NULLs equal), streaming: a row passes the first time
 * its key is seen.
 *
 * Rows of one to four small integers (ids: the distinct join keys a DISTINCT pushed below a
 * join leaves, a set of friends' ids) are kept in an IntKeyTable (intKey), sized from the
 * estimate; any other row in a Set of its hash key (hash-key.ts, whole row). A row with an int
 * key never equals one without (intKey's contract), so each row is looked up in one of the two.
 */
import type { PDistinct } from '../../algebra/index.js';
import type { Row } from '../../common/values.js';
import type { PlanCompiler } from '../compile-plan.js';
import { intKey, rowKeyFn, type HashKey } from '../hash-key.js';
import { IntKeyTable } from '../int-key-table.js';
import type { Open, Operator, Scope } from '../operator.js';

/** The most rows the int table is sized for before the first row (it grows past them). */
const PRESIZE_LIMIT = 1 << 14;

export function compileDistinct(p: PDistinct, c: PlanCompiler, scope: Scope): Open {
  const input = c.compile(p.input, scope);
  const width = p.schema.length;
  const key = rowKeyFn(width);
  const expected = width >= 1 && width <= 4 ? Math.min(Math.ceil(p.estimatedRows), PRESIZE_LIMIT) : -1;
  return () => new DistinctOperator(input(), key, width, expected);
}

class DistinctOperator implements Operator {
  private seen = new Set<HashKey>();
  /** Rows with an int key (null when the rows are too wide to have one). */
  private ints: IntKeyTable | null;

  constructor(
    private readonly input: Operator,
    private readonly key: (row: Row) => HashKey,
    private readonly width: number,
    expected: number,
  ) {
    this.ints = expected >= 0 ? new IntKeyTable(expected) : null;
  }

  next(): Row[] | null {
    for (;;) {
      const b = this.input.next();
      if (b === null) return null;
      // At most the whole batch passes: one array of its size, cut to the rows kept (not grown by push).
      const out: Row[] = new Array<Row>(b.length);
      let n = 0;
      const seen = this.seen;
      const ints = this.ints;
      const width = this.width;
      for (let i = 0; i < b.length; i++) {
        const row = b[i];
        const k = ints === null ? undefined : intKey(row, width);
        if (k !== undefined) {
          const before = (ints as IntKeyTable).size;
          if ((ints as IntKeyTable).add(k) === before) out[n++] = row;
          continue;
        }
        const h = this.key(row);
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
    this.seen = new Set();
    this.ints?.release();
    this.ints = null;
  }
}
