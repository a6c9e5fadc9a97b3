/**
 * isomorphism.ts — equality of RDF graphs and of SPARQL solution bags up to a renaming of
 * blank nodes (RDF 1.1 Concepts §3.6; the W3C test suites' result comparison).
 *
 * Both are bags of rows of terms written as strings (blank nodes start with `_:`). Rows without
 * blank nodes must match as multisets; the blank nodes are then matched by backtracking over
 * candidates of the same "colour" (a hash of the rows a blank node occurs in, refined twice by
 * its neighbours' colours), checking the full bag at the leaves. Small inputs only.
 */
import type { Term } from 'n3';

/** termKey writes a term for comparison; numeric literals compare by datatype and value. */
export function termKey(t: Term | null | undefined): string {
  if (!t) return 'UNBOUND';
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const dt = t.datatype?.value ?? '';
      if (/#(integer|decimal|double|float|int|long)$/.test(dt) && t.value.trim() !== '' && !Number.isNaN(Number(t.value))) {
        return `"${Number(t.value)}"^^${dt}`;
      }
      return t.language ? `"${t.value}"@${t.language.toLowerCase()}` : `"${t.value}"^^${dt}`;
    }
    case 'DefaultGraph':
      return '';
    default:
      return `?${t.value}`;
  }
}

const isBlank = (s: string) => s.startsWith('_:');

function counts(rows: readonly string[][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = r.join('\u0001');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

function sameCounts(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, n] of a) if (b.get(k) !== n) return false;
  return true;
}

function colours(rows: readonly string[][]): Map<string, string> {
  const nodes = new Set<string>();
  for (const r of rows) for (const t of r) if (isBlank(t)) nodes.add(t);
  let colour = new Map([...nodes].map((n) => [n, '']));
  for (let round = 0; round < 3; round++) {
    const next = new Map<string, string[]>();
    for (const n of nodes) next.set(n, []);
    for (const r of rows) {
      r.forEach((t, i) => {
        if (!isBlank(t)) return;
        next.get(t)!.push(`${i}:${r.map((x, j) => (j === i ? '@' : isBlank(x) ? `b${colour.get(x)}` : x)).join('|')}`);
      });
    }
    colour = new Map([...next].map(([n, sig]) => [n, hash(sig.sort().join('\n'))]));
  }
  return colour;
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36) + ':' + s.length;
}

/** isomorphic says whether two bags of rows are equal up to a bijective renaming of blank nodes. */
export function isomorphic(a: readonly string[][], b: readonly string[][]): boolean {
  if (a.length !== b.length) return false;
  const plainA = a.filter((r) => !r.some(isBlank));
  const plainB = b.filter((r) => !r.some(isBlank));
  if (!sameCounts(counts(plainA), counts(plainB))) return false;
  const restA = a.filter((r) => r.some(isBlank));
  const restB = b.filter((r) => r.some(isBlank));
  if (restA.length !== restB.length) return false;
  if (restA.length === 0) return true;
  const ca = colours(restA);
  const cb = colours(restB);
  const nodesA = [...ca.keys()];
  const nodesB = [...cb.keys()];
  if (nodesA.length !== nodesB.length) return false;
  const target = counts(restB);
  const byColour = new Map<string, string[]>();
  for (const n of nodesB) {
    const c = cb.get(n)!;
    if (!byColour.has(c)) byColour.set(c, []);
    byColour.get(c)!.push(n);
  }
  nodesA.sort((x, y) => (byColour.get(ca.get(x)!)?.length ?? 0) - (byColour.get(ca.get(y)!)?.length ?? 0));
  const map = new Map<string, string>();
  const used = new Set<string>();
  let steps = 0;
  const search = (i: number): boolean => {
    if (++steps > 200_000) return false;
    if (i === nodesA.length) {
      const mapped = restA.map((r) => r.map((t) => (isBlank(t) ? map.get(t)! : t)));
      return sameCounts(counts(mapped), target);
    }
    const n = nodesA[i];
    for (const m of byColour.get(ca.get(n)!) ?? []) {
      if (used.has(m)) continue;
      map.set(n, m);
      used.add(m);
      if (search(i + 1)) return true;
      used.delete(m);
      map.delete(n);
    }
    return false;
  };
  return search(0);
}

/** orderedEqual compares two sequences row by row, with one blank node renaming across them. */
export function orderedEqual(a: readonly string[][], b: readonly string[][]): boolean {
  if (a.length !== b.length) return false;
  const map = new Map<string, string>();
  const back = new Map<string, string>();
  for (let i = 0; i < a.length; i++) {
    if (a[i].length !== b[i].length) return false;
    for (let j = 0; j < a[i].length; j++) {
      const x = a[i][j];
      const y = b[i][j];
      if (isBlank(x) || isBlank(y)) {
        if (!isBlank(x) || !isBlank(y)) return false;
        if ((map.get(x) ?? y) !== y || (back.get(y) ?? x) !== x) return false;
        map.set(x, y);
        back.set(y, x);
      } else if (x !== y) return false;
    }
  }
  return true;
}
