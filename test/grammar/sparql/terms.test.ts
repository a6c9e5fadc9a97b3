/**
 * terms.test.ts — what the grammar resolves while building the AST: IRIs (RFC 3986), prefixed
 * names, escapes, literals, variables, `a`, fresh blank nodes, and source spans.
 */
import { describe, expect, it } from 'vitest';
import { resolveIri } from '../../../grammar/sparql/iri.js';
import { parseSparql, type BgpPattern, type GroupPattern, type SelectQuery } from '../../../grammar/sparql/index.js';
import { termString, toPlain } from './plain.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** The triples of the first BGP of a SELECT, as N-Triples-style strings. */
function triples(text: string, options = {}): string[] {
  const q = parseSparql(text, options) as SelectQuery;
  const bgp = (q.where as GroupPattern).elements[0] as BgpPattern;
  return bgp.triples.map((t) =>
    t.kind === 'triple' ? [t.subject, t.predicate, t.object].map(termString).join(' ') : 'path',
  );
}

describe('RFC 3986 §5.4 reference resolution', () => {
  const base = 'http://a/b/c/d;p?q';
  const examples: [string, string][] = [
    ['g:h', 'g:h'], ['g', 'http://a/b/c/g'], ['./g', 'http://a/b/c/g'], ['g/', 'http://a/b/c/g/'],
    ['/g', 'http://a/g'], ['//g', 'http://g'], ['?y', 'http://a/b/c/d;p?y'], ['g?y', 'http://a/b/c/g?y'],
    ['#s', 'http://a/b/c/d;p?q#s'], ['g#s', 'http://a/b/c/g#s'], ['g?y#s', 'http://a/b/c/g?y#s'],
    [';x', 'http://a/b/c/;x'], ['g;x', 'http://a/b/c/g;x'], ['', 'http://a/b/c/d;p?q'], ['.', 'http://a/b/c/'],
    ['./', 'http://a/b/c/'], ['..', 'http://a/b/'], ['../', 'http://a/b/'], ['../g', 'http://a/b/g'],
    ['../..', 'http://a/'], ['../../', 'http://a/'], ['../../g', 'http://a/g'],
    ['../../../g', 'http://a/g'], ['../../../../g', 'http://a/g'], ['/./g', 'http://a/g'], ['/../g', 'http://a/g'],
    ['g.', 'http://a/b/c/g.'], ['.g', 'http://a/b/c/.g'], ['g..', 'http://a/b/c/g..'], ['..g', 'http://a/b/c/..g'],
    ['./../g', 'http://a/b/g'], ['./g/.', 'http://a/b/c/g/'], ['g/./h', 'http://a/b/c/g/h'], ['g/../h', 'http://a/b/c/h'],
    ['g;x=1/./y', 'http://a/b/c/g;x=1/y'], ['g;x=1/../y', 'http://a/b/c/y'],
  ];
  for (const [ref, want] of examples) it(`${JSON.stringify(ref)} → ${want}`, () => expect(resolveIri(ref, base)).toBe(want));
  it('leaves a relative IRI alone without a base', () => expect(resolveIri('a/b', null)).toBe('a/b'));
});

describe('IRIs and prefixed names', () => {
  it('resolves IRIREFs, BASE and PREFIX against the base in force', () => {
    const t = triples('BASE <http://x.org/a/> PREFIX p: <ns/> SELECT * { <s> p:o <../t> }', { baseIRI: 'http://ignored/' });
    expect(t).toEqual(['<http://x.org/a/s> <http://x.org/a/ns/o> <http://x.org/t>']);
  });
  it('uses options.baseIRI and options.prefixes until the prologue overrides them', () => {
    expect(triples('SELECT * { <s> ex:p ex: }', { baseIRI: 'http://b/dir/', prefixes: { ex: 'http://ex/' } })).toEqual([
      '<http://b/dir/s> <http://ex/p> <http://ex/>',
    ]);
    expect(triples('PREFIX ex: <http://new/> SELECT * { ?s ex:p ?o }', { prefixes: { ex: 'http://old/' } })).toEqual([
      '?s <http://new/p> ?o',
    ]);
  });
  it('decodes local-name escapes, keeps %-escapes, accepts the empty prefix and colons', () => {
    expect(triples('PREFIX : <http://e/> SELECT * { :a\\.b :c%20d :e:f }')).toEqual(['<http://e/a.b> <http://e/c%20d> <http://e/e:f>']);
  });
  it('decodes codepoint escapes inside IRIs', () => {
    expect(triples('SELECT * { <http://e/\\u0078> ?p ?o }')).toEqual(['<http://e/x> ?p ?o']);
  });
  it('reads `a` as rdf:type (case-sensitively) and `$x` as ?x', () => {
    expect(triples('select * { $x a ?y }')).toEqual(['?x <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?y']);
    expect(() => parseSparql('SELECT * { ?x A ?y }')).toThrow(/found 'A'/);
  });
});

describe('literals', () => {
  it('types numbers and keeps their lexical form', () => {
    expect(triples('SELECT * { ?s ?p 1, -2, +3.0, .5, 1e3, -1.5E-2, TRUE, false }')).toEqual([
      `?s ?p "1"^^<${XSD}integer>`, `?s ?p "-2"^^<${XSD}integer>`, `?s ?p "+3.0"^^<${XSD}decimal>`,
      `?s ?p ".5"^^<${XSD}decimal>`, `?s ?p "1e3"^^<${XSD}double>`, `?s ?p "-1.5E-2"^^<${XSD}double>`,
      `?s ?p "true"^^<${XSD}boolean>`, `?s ?p "false"^^<${XSD}boolean>`,
    ]);
  });
  it('decodes string escapes (ECHAR and codepoints, incl. surrogate pairs) in all four quotings', () => {
    const t = triples(String.raw`SELECT * { ?s ?p 'a\tb', "c\"d\u00e9", '''e'f
g''', """h\U0001F600\uD83D\uDE00""" }`);
    expect(t).toEqual(['?s ?p "a\\tb"', '?s ?p "c\\"dé"', '?s ?p "e\'f\\ng"', '?s ?p "h😀😀"']);
  });
  it('keeps language tags and datatypes', () => {
    expect(triples('PREFIX x: <http://x/> SELECT * { ?s ?p "a"@en-GB, "b"^^x:t, "c"^^<http://y/u> }')).toEqual([
      '?s ?p "a"@en-gb', '?s ?p "b"^^<http://x/t>', '?s ?p "c"^^<http://y/u>',
    ]);
  });
  it('treats keywords case-insensitively', () => {
    expect((parseSparql('select distinct ?x where { ?x ?p ?o } order by desc(?x) limit 1') as SelectQuery).modifier).toBe('DISTINCT');
  });
});

describe('blank nodes', () => {
  it('gives [] and ( ) fresh labels that no _:label of the request uses', () => {
    const t = triples('SELECT * { _:b0 ?p [] . _:b1 ?q ( ?x ) }');
    expect(t).toEqual([
      '_:b0 ?p _:b2',
      '_:b1 ?q _:b3',
      '_:b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?x',
      '_:b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>',
    ]);
  });
});

describe('source spans', () => {
  const text = 'SELECT ?x (STR(?y) AS ?z)\nWHERE {\n  ?x <p> ?y .\n  FILTER(?y > 1)\n}';
  const q = parseSparql(text) as SelectQuery;
  const slice = (s: { start: { offset: number }; end: { offset: number } }) => text.slice(s.start.offset, s.end.offset);
  it('locates select items, patterns, triples and expressions', () => {
    expect(slice(q.items[1]!.span)).toBe('(STR(?y) AS ?z)');
    expect(slice(q.items[1]!.expression!.span)).toBe('STR(?y)');
    const where = q.where as GroupPattern;
    expect(slice(where.span)).toBe('{\n  ?x <p> ?y .\n  FILTER(?y > 1)\n}');
    const bgp = where.elements[0] as BgpPattern;
    expect(slice(bgp.triples[0]!.span)).toBe('?x <p> ?y');
    expect(bgp.triples[0]!.span.start).toEqual({ offset: 36, line: 3, column: 3 });
    const filter = where.elements[1]!;
    expect(filter.kind === 'filter' && slice(filter.expression.span)).toBe('?y > 1');
    expect(filter.span.start).toMatchObject({ line: 4, column: 3 });
    expect(q.span.end).toEqual({ offset: text.length, line: 5, column: 2 });
  });
  it('leaves no span or term out of the plain form used by golden files', () => {
    expect(JSON.stringify(toPlain(q))).not.toMatch(/"span"|termType/);
  });
});
