/**
 * access-path.ts — index selection: turn sargable predicates on a scanned relation into a key
 * range over its primary key or one of its secondary indexes.
 *
 * A predicate is sargable when it compares a key column with an expression that does not read
 * the relation (a literal, a parameter, an outer column), using a function that declares a
 * `comparison` consistent with the storage key order. Equalities fill a key prefix; the first
 * key column without an equality may take a range. The predicates stay in a filter above the
 * scan, so the range only has to contain every qualifying row. A pattern match declaring a
 * `prefix` (GLOB 'abc*', LIKE '2024-%') on a text key column is such a range too; LIKE 'abc%'
 * ignores ASCII case, so it is a list of ranges, one per case variant ('ABC', 'ABc', …).
 */
import { columnsUsed, isDeterministic, lit, type Expr } from '../../algebra/expr.js';
import { lookupFunction } from '../../algebra/functions/registry.js';
import type { Scan } from '../../algebra/logical.js';
import { keyEqualityIsExact, type PhysicalKeyBound, type PhysicalKeyRange } from '../../algebra/physical.js';
import type { IndexDef } from '../../storage/relations.js';

export interface AccessPath {
  index: IndexDef | null;
  range: PhysicalKeyRange | null;
  /** Number of leading key columns fixed by equality. */
  equalities: number;
  hasRange: boolean;
  /** The equalities cover the whole key of a unique index (or the primary key): at most one row. */
  unique: boolean;
  /** Values for the key column after the equalities (an IN list): one range per value. */
  keyList: readonly Expr[] | null;
  /**
   * Disjoint ranges to read one after another instead of `range` (each includes the equality
   * prefix): a LIKE prefix with letters, one range per case variant.
   */
  rangeList: readonly PhysicalKeyRange[] | null;
  /**
   * The predicates the range holds exactly: every row in it satisfies them, so no filter needs
   * to test them again (see exactlyInRange).
   */
  exact: readonly Expr[];
  /**
   * Equalities the range holds exactly when their run-constant value (a parameter) turns out to
   * be a number or a text: the filter testing them is skipped per run (PFilter.exactForKeys).
   */
  exactIf: readonly { predicate: Expr; value: Expr }[];
}

/** Longest IN list read as separate key ranges; a longer one is cheaper as a filter over a scan. */
const MAX_KEY_LIST = 1000;

type Op = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

interface KeyPredicate {
  position: number;
  op: Op;
  value: Expr;
  /** The conjunct this came from (null: derived from a pattern match). */
  source: Expr | null;
}

const FLIP: Record<Op, Op> = { eq: 'eq', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

/** A pattern match ignoring ASCII case on a text key column: the ranges holding the prefix's case variants. */
interface VariantPredicate {
  position: number;
  ranges: readonly { lower: string; upper: string }[];
}

/** keyPredicates finds the conjuncts of the form column op value over the scan's columns. */
function keyPredicates(scan: Scan, preds: readonly Expr[], variants: VariantPredicate[]): KeyPredicate[] {
  const position = new Map(scan.schema.map((c, i) => [c.id, i]));
  const out: KeyPredicate[] = [];
  for (const e of preds) {
    if (e.kind === 'call' && lookupFunction(e.fn).prefix) out.push(...prefixPredicates(scan, e, position, variants));
    if (e.kind !== 'call' || e.args.length !== 2) continue;
    const op = lookupFunction(e.fn).comparison;
    if (!op) continue;
    const [a, b] = e.args;
    const independent = (x: Expr) => [...columnsUsed(x)].every((id) => !position.has(id));
    if (a.kind === 'column' && position.has(a.id) && independent(b)) out.push({ position: position.get(a.id) as number, op, value: b, source: e });
    else if (b.kind === 'column' && position.has(b.id) && independent(a)) out.push({ position: position.get(b.id) as number, op: FLIP[op], value: a, source: e });
  }
  return out;
}


/**
 * prefixPredicates reads a pattern match with a constant prefix on a text key column
 * (`x GLOB 'abc*'`) as `x >= 'abc' AND x < 'abd'`: in code point order every text starting with
 * the prefix lies between the prefix and the prefix with its last character advanced.
 */
function prefixPredicates(scan: Scan, e: Extract<Expr, { kind: 'call' }>, position: Map<number, number>, variants: VariantPredicate[]): KeyPredicate[] {
  const [x, ...rest] = e.args;
  const pos = x?.kind === 'column' ? position.get(x.id) : undefined;
  if (pos === undefined || scan.relation.columns[pos].type !== 'text' || !rest.every((a) => a.kind === 'literal')) return [];
  const fn = lookupFunction(e.fn);
  const prefix = fn.prefix!(rest.map((a) => (a as Extract<Expr, { kind: 'literal' }>).value));
  if (!prefix) return [];
  if (fn.prefixFoldsAsciiCase && /[A-Za-z]/.test(prefix)) {
    variants.push({ position: pos, ranges: caseVariantRanges(prefix) });
    return [];
  }
  const upper = nextPrefix(prefix);
  return upper === null
    ? [{ position: pos, op: 'ge', value: lit(prefix), source: null }]
    : [
        { position: pos, op: 'ge', value: lit(prefix), source: null },
        { position: pos, op: 'lt', value: lit(upper), source: null },
      ];
}

/** nextPrefix is the least text above every text starting with `prefix`: its last character advanced (null past the last code point). */
function nextPrefix(prefix: string): string | null {
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  if (last >= 0x10ffff) return null;
  // Skip the surrogate code points, which no well-formed text holds.
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  return chars.join('') + String.fromCodePoint(next);
}

const asciiUpper = (c: string) => (c >= 'a' && c <= 'z' ? c.toUpperCase() : c);
const asciiLower = (c: string) => (c >= 'A' && c <= 'Z' ? c.toLowerCase() : c);

/** Case variants of at most this many letters become separate ranges (2^4 = 16 ranges at most). */
const MAX_VARIED_LETTERS = 4;

/**
 * caseVariantRanges covers the texts starting with some ASCII case variant of `prefix` with
 * disjoint ranges [lower, upper): one per case variant of the first letters, in key order (the
 * first letter varies slowest), so reading them one after another reads the key in order.
 * Letters after those are covered by one range from their upper-case to their lower-case form
 * (upper case sorts first), which holds every variant of them and some other texts — the
 * predicate stays in a filter above the scan.
 */
function caseVariantRanges(prefix: string): { lower: string; upper: string }[] {
  const chars = [...prefix];
  const letters = chars.flatMap((c, i) => (/[A-Za-z]/.test(c) ? [i] : []));
  const varied = letters.slice(0, MAX_VARIED_LETTERS);
  const out: { lower: string; upper: string }[] = [];
  for (let mask = 0; mask < 1 << varied.length; mask++) {
    const low = chars.map(asciiUpper);
    const high = chars.map(asciiLower);
    varied.forEach((at, n) => {
      const c = mask & (1 << (varied.length - 1 - n)) ? asciiLower(chars[at]) : asciiUpper(chars[at]);
      low[at] = c;
      high[at] = c;
    });
    // The last character of a prefix with letters is below U+10FFFF once case-folded: nextPrefix is not null.
    out.push({ lower: low.join(''), upper: nextPrefix(high.join('')) as string });
  }
  return out;
}

/**
 * Comparisons whose true result on a non-null constant is exactly the storage key relation:
 * SQL's (SQLite's order of storage classes — NULL, numbers, text, blobs — is the key order's)
 * and plain value equality.
 */
export const EXACT_COMPARISONS: ReadonlySet<string> = new Set(['sql.eq', 'sql.lt', 'sql.le', 'sql.gt', 'sql.ge', 'eq']);

/**
 * exactlyInRange lists the key predicates a range built from them holds exactly. A constant must
 * be a literal: a number (a NaN equals nothing but its key is its own) or, for equality, a text
 * (key equality is code-unit equality; text ranges are left to the filter). Equalities hold
 * exactly. A lower bound on a number holds exactly — the keys above a number are the larger
 * numbers, then text and blobs, which SQL orders above every number too; an upper bound only
 * with a numeric lower bound beside it (below a number lie NULLs, which compare unknown).
 */
function exactlyInRange(eqs: readonly KeyPredicate[], lo: KeyPredicate | undefined, hi: KeyPredicate | undefined): Expr[] {
  const exactFn = (k: KeyPredicate) => k.source !== null && k.source.kind === 'call' && EXACT_COMPARISONS.has(k.source.fn);
  const num = (k: KeyPredicate) => k.value.kind === 'literal' && typeof k.value.value === 'number' && !Number.isNaN(k.value.value);
  const out: Expr[] = [];
  for (const k of eqs) if (exactFn(k) && k.value.kind === 'literal' && keyEqualityIsExact(k.value.value)) out.push(k.source as Expr);
  const lowOk = lo !== undefined && exactFn(lo) && num(lo);
  if (lowOk) out.push(lo.source as Expr);
  if (lowOk && hi !== undefined && exactFn(hi) && num(hi)) out.push(hi.source as Expr);
  return out;
}

/**
 * exactIfPlain lists the equalities on values known only per run (parameters, conversions of
 * them) that a range built from them holds exactly when the value is a number or a text, the
 * cases exactlyInRange accepts for literals.
 */
function exactIfPlain(eqs: readonly KeyPredicate[]): { predicate: Expr; value: Expr }[] {
  const out: { predicate: Expr; value: Expr }[] = [];
  for (const k of eqs) {
    const s = k.source;
    if (s === null || s.kind !== 'call' || !EXACT_COMPARISONS.has(s.fn) || k.value.kind === 'literal') continue;
    if (columnsUsed(k.value).size === 0 && isDeterministic(k.value)) out.push({ predicate: s, value: k.value });
  }
  return out;
}

/** keyLists finds IN-list tests `column IN (constants…)` over the scan's columns, by column position. */
function keyLists(scan: Scan, preds: readonly Expr[]): Map<number, readonly Expr[]> {
  const position = new Map(scan.schema.map((c, i) => [c.id, i]));
  const out = new Map<number, readonly Expr[]>();
  for (const e of preds) {
    if (e.kind !== 'call' || e.args.length < 2 || e.args.length > MAX_KEY_LIST + 1 || !lookupFunction(e.fn).membership) continue;
    const [x, ...list] = e.args;
    if (x.kind !== 'column' || !position.has(x.id)) continue;
    // Values known before the scan starts: constants, parameters, conversions of them.
    if (!list.every((v) => columnsUsed(v).size === 0 && isDeterministic(v))) continue;
    const pos = position.get(x.id) as number;
    if (!out.has(pos)) out.set(pos, list);
  }
  return out;
}

/** chooseAccessPath picks the key (primary or secondary) that the predicates narrow most; null if none helps. */
export function chooseAccessPath(scan: Scan, preds: readonly Expr[]): AccessPath | null {
  const variants: VariantPredicate[] = [];
  const kps = keyPredicates(scan, preds, variants);
  const lists = keyLists(scan, preds);
  if (kps.length === 0 && lists.size === 0 && variants.length === 0) return null;
  const rel = scan.relation;
  const candidates: { index: IndexDef | null; columns: readonly number[]; descending: readonly boolean[]; unique: boolean }[] = [];
  if (rel.primaryKey) candidates.push({ index: null, columns: rel.primaryKey, descending: rel.primaryKey.map(() => false), unique: true });
  for (const ix of rel.indexes) candidates.push({ index: ix, columns: ix.columns, descending: ix.descending, unique: ix.unique });

  let best: AccessPath | null = null;
  let bestScore = 0;
  for (const cand of candidates) {
    const eqValues: Expr[] = [];
    const eqs: KeyPredicate[] = [];
    let k = 0;
    for (; k < cand.columns.length; k++) {
      const eq = kps.find((p) => p.position === cand.columns[k] && p.op === 'eq');
      if (!eq) break;
      eqValues.push(eq.value);
      eqs.push(eq);
    }
    let lower: PhysicalKeyBound | null = eqValues.length ? { values: eqValues, inclusive: true } : null;
    let upper: PhysicalKeyBound | null = eqValues.length ? { values: eqValues, inclusive: true } : null;
    let hasRange = false;
    const list = k < cand.columns.length ? (lists.get(cand.columns[k]) ?? null) : null;
    if (list !== null) {
      // A key list after the equality prefix: about as narrowing as one more equality.
      const score = k * 10 + 8 + (cand.index === null ? 1 : 0);
      if (score > bestScore) {
        bestScore = score;
        const prefix: PhysicalKeyBound | null = eqValues.length ? { values: eqValues, inclusive: true } : null;
        best = { index: cand.index, range: prefix === null ? null : { lower: prefix, upper: prefix }, equalities: k, hasRange: false, unique: false, keyList: list, rangeList: null, exact: [], exactIf: [] };
      }
      continue;
    }
    let rangeList: PhysicalKeyRange[] | null = null;
    let lo: KeyPredicate | undefined;
    let hi: KeyPredicate | undefined;
    if (k < cand.columns.length && !cand.descending[k]) {
      const pos = cand.columns[k];
      lo = kps.find((p) => p.position === pos && (p.op === 'gt' || p.op === 'ge'));
      hi = kps.find((p) => p.position === pos && (p.op === 'lt' || p.op === 'le'));
      if (lo) lower = { values: [...eqValues, lo.value], inclusive: lo.op === 'ge' };
      if (hi) upper = { values: [...eqValues, hi.value], inclusive: hi.op === 'le' };
      hasRange = Boolean(lo || hi);
      const cases = hasRange ? undefined : variants.find((v) => v.position === pos);
      if (cases) {
        rangeList = cases.ranges.map((r) => ({ lower: { values: [...eqValues, lit(r.lower)], inclusive: true }, upper: { values: [...eqValues, lit(r.upper)], inclusive: false } }));
        hasRange = true;
        lo = hi = undefined;
      }
    }
    if (k === 0 && !hasRange) continue;
    const unique = cand.unique && k === cand.columns.length;
    // Prefer full unique matches, then more equalities, then a range; the primary key wins ties (no second lookup).
    const score = (unique ? 1000 : 0) + k * 10 + (hasRange ? 5 : 0) + (cand.index === null ? 1 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = { index: cand.index, range: { lower, upper }, equalities: k, hasRange, unique, keyList: null, rangeList, exact: exactlyInRange(eqs, lo, hi), exactIf: exactIfPlain(eqs) };
    }
  }
  return best;
}

/** lookupKeys matches equi-join keys to a prefix of a key: for each key column in order, the outer expression equated with it. */
export function lookupKeys(
  scan: Scan,
  pairs: readonly { inner: number; outer: Expr }[],
): { index: IndexDef | null; keys: Expr[]; unique: boolean } | null {
  const rel = scan.relation;
  const position = new Map(scan.schema.map((c, i) => [c.id, i]));
  const byPosition = new Map<number, Expr>();
  for (const p of pairs) {
    const pos = position.get(p.inner);
    if (pos !== undefined && !byPosition.has(pos)) byPosition.set(pos, p.outer);
  }
  let best: { index: IndexDef | null; keys: Expr[]; unique: boolean } | null = null;
  const consider = (index: IndexDef | null, columns: readonly number[], unique: boolean) => {
    const keys: Expr[] = [];
    for (const c of columns) {
      const e = byPosition.get(c);
      if (!e) break;
      keys.push(e);
    }
    if (keys.length === 0) return;
    const full = unique && keys.length === columns.length;
    if (!best || (full && !best.unique) || (full === best.unique && keys.length > best.keys.length)) best = { index, keys, unique: full };
  };
  if (rel.primaryKey) consider(null, rel.primaryKey, true);
  for (const ix of rel.indexes) consider(ix, ix.columns, ix.unique);
  return best;
}
