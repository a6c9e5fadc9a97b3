/**
 * results-formats.ts — small readers of expected SPARQL results: Query Results XML (.srx),
 * JSON (.srj), TSV (.tsv), and the DAWG result-set vocabulary in Turtle (rs:ResultSet).
 * Each yields variables and rows of term keys (isomorphism.ts's termKey), or a boolean.
 */
import { DataFactory, Parser, type Quad, type Term } from 'n3';
import { termKey } from './isomorphism.js';

const { namedNode, blankNode, literal } = DataFactory;
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

export type Expected = { kind: 'bindings'; vars: string[]; rows: string[][]; ordered: boolean } | { kind: 'boolean'; value: boolean } | { kind: 'graph'; rows: string[][] };

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

function lit(value: string, lang: string | undefined, dt: string | undefined): Term {
  return lang ? literal(value, lang) : literal(value, namedNode(dt ?? XSD_STRING));
}

export function parseSrx(text: string): Expected {
  const bool = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(text);
  if (bool) return { kind: 'boolean', value: bool[1] === 'true' };
  const vars = [...text.matchAll(/<variable\s+name="([^"]*)"\s*\/>/g)].map((m) => m[1]);
  const rows: string[][] = [];
  for (const r of text.matchAll(/<result>([\s\S]*?)<\/result>|<result\s*\/>/g)) {
    const row = vars.map(() => 'UNBOUND');
    for (const b of (r[1] ?? '').matchAll(/<binding\s+name="([^"]*)"\s*>([\s\S]*?)<\/binding>/g)) {
      const i = vars.indexOf(b[1]);
      const body = b[2];
      let t: Term | null = null;
      let m: RegExpExecArray | null;
      if ((m = /<uri>([\s\S]*?)<\/uri>/.exec(body))) t = namedNode(unescapeXml(m[1]));
      else if ((m = /<bnode>([\s\S]*?)<\/bnode>/.exec(body))) t = blankNode(unescapeXml(m[1]));
      else if ((m = /<literal([^>]*)\/>/.exec(body))) {
        const attrs = m[1];
        t = lit('', /xml:lang="([^"]*)"/.exec(attrs)?.[1], /datatype="([^"]*)"/.exec(attrs)?.[1]);
      } else if ((m = /<literal([^>]*)>([\s\S]*?)<\/literal>/.exec(body))) {
        const attrs = m[1];
        t = lit(unescapeXml(m[2]), /xml:lang="([^"]*)"/.exec(attrs)?.[1], /datatype="([^"]*)"/.exec(attrs)?.[1]);
      }
      if (i >= 0) row[i] = termKey(t);
    }
    rows.push(row);
  }
  return { kind: 'bindings', vars, rows, ordered: false };
}

interface JsonTerm {
  type: string;
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}

export function parseSrj(text: string): Expected {
  const j = JSON.parse(text) as { boolean?: boolean; head: { vars?: string[] }; results?: { bindings: Record<string, JsonTerm>[] } };
  if (typeof j.boolean === 'boolean') return { kind: 'boolean', value: j.boolean };
  const vars = j.head.vars ?? [];
  const rows = (j.results?.bindings ?? []).map((b) =>
    vars.map((v) => {
      const t = b[v];
      if (!t) return 'UNBOUND';
      if (t.type === 'uri') return termKey(namedNode(t.value));
      if (t.type === 'bnode') return termKey(blankNode(t.value));
      return termKey(lit(t.value, t['xml:lang'], t.datatype));
    }),
  );
  return { kind: 'bindings', vars, rows, ordered: false };
}

export function parseTsv(text: string): Expected {
  const lines = text.split('\n').filter((l, i, a) => !(i === a.length - 1 && l === ''));
  const vars = lines[0].split('\t').map((v) => v.replace(/^\?/, ''));
  const rows = lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return vars.map((_, i) => {
      const c = cells[i] ?? '';
      if (c === '') return 'UNBOUND';
      const parsed = new Parser({ format: 'application/n-triples' }).parse(`<urn:s> <urn:p> ${c.replace(/^(-?\d+)$/, '"$1"^^<http://www.w3.org/2001/XMLSchema#integer>').replace(/^(-?\d*\.\d+)$/, '"$1"^^<http://www.w3.org/2001/XMLSchema#decimal>').replace(/^(-?[\d.]+[eE][+-]?\d+)$/, '"$1"^^<http://www.w3.org/2001/XMLSchema#double>').replace(/^_:/, '_:')} .`);
      return termKey(parsed[0].object);
    });
  });
  return { kind: 'bindings', vars, rows, ordered: false };
}

const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';

/** parseRdfResult reads a Turtle result: a DAWG rs:ResultSet, or else a plain graph (CONSTRUCT/DESCRIBE). */
export function parseRdfResult(quads: Quad[]): Expected {
  const sets = quads.filter((q) => q.object.value === `${RS}ResultSet`);
  if (sets.length === 0) return { kind: 'graph', rows: quads.map((q) => [q.subject, q.predicate, q.object].map(termKey)) };
  const set = sets[0].subject;
  const about = (s: Term, p: string) => quads.filter((q) => q.subject.equals(s) && q.predicate.value === p).map((q) => q.object);
  const bool = about(set, `${RS}boolean`)[0];
  if (bool) return { kind: 'boolean', value: bool.value === 'true' };
  const vars = about(set, `${RS}resultVariable`).map((t) => t.value);
  const solutions = about(set, `${RS}solution`).map((s) => {
    const index = about(s, `${RS}index`)[0];
    const row = vars.map(() => 'UNBOUND');
    for (const b of about(s, `${RS}binding`)) {
      const v = about(b, `${RS}variable`)[0]?.value;
      const value = about(b, `${RS}value`)[0];
      const i = vars.indexOf(v);
      if (i >= 0) row[i] = termKey(value);
    }
    return { index: index ? Number(index.value) : null, row };
  });
  const ordered = solutions.some((s) => s.index !== null);
  if (ordered) solutions.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return { kind: 'bindings', vars, rows: solutions.map((s) => s.row), ordered };
}
