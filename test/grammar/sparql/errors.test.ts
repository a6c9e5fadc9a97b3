/**
 * errors.test.ts — every rejection is a ParseError with the right line/column, what was found,
 * and what was expected.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/common/errors.js';
import { parseSparql, parseSparqlQuery, parseSparqlUpdate } from '../../../grammar/sparql/index.js';

function error(text: string): ParseError {
  try {
    parseSparql(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error(`expected a ParseError for: ${text}`);
}

describe('syntax errors: position, found, expected', () => {
  it('reports a missing object at the offending token', () => {
    const e = error('SELECT * WHERE {\n  ?s ?p }');
    expect(e.code).toBe('SYNTAX_ERROR');
    expect([e.line, e.column]).toEqual([2, 9]);
    expect(e.message).toMatch(/found '}'/);
    expect(e.expected).toEqual(expect.arrayContaining(['variable', 'IRI <…>', 'string']));
  });

  it('reports end of input after the last token', () => {
    const e = error('SELECT ?x WHERE { ?x ?p ?o');
    expect([e.line, e.column]).toEqual([1, 27]);
    expect(e.message).toMatch(/found end of input/);
    expect(e.expected).toEqual(expect.arrayContaining(["'}'", "'.'", "'FILTER'"]));
  });

  it('reports a misspelt keyword as one word', () => {
    const e = error('SELEC * { }');
    expect([e.line, e.column]).toEqual([1, 1]);
    expect(e.message).toMatch(/found 'SELEC'/);
    expect(e.expected).toEqual(expect.arrayContaining(["'SELECT'", "'ASK'", "'INSERT'"]));
  });

  it('moves past a failed LL(k) decision to the token that is really wrong', () => {
    const e = error('INSERT WHERE { ?s ?p ?o }');
    expect([e.line, e.column]).toEqual([1, 8]);
    expect(e.expected).toEqual(["'DATA'", "'{'"]);
  });

  it('lists end of input among the alternatives for trailing text', () => {
    const e = error('ASK {}\n}');
    expect([e.line, e.column]).toEqual([2, 1]);
    expect(e.expected[0]).toBe('end of input');
  });

  it('reports a character no token starts with', () => {
    const e = error('SELECT * { ?s ?p ?o } ~');
    expect([e.line, e.column]).toEqual([1, 23]);
    expect(e.message).toMatch(/unexpected character '~'/);
  });

  it('reports an unterminated string where it starts', () => {
    const e = error('SELECT * {\n ?s ?p "abc\n}');
    expect([e.line, e.column]).toEqual([2, 8]);
    expect(e.message).toMatch(/string/);
  });

  it('counts columns after a multi-line long string', () => {
    const e = error('SELECT * { ?s ?p """a\nbc""" ?x }');
    expect([e.line, e.column]).toEqual([2, 7]);
  });

  it('rejects an undeclared prefix at the prefixed name', () => {
    const e = error('SELECT * { ?s ex:p ?o }');
    expect([e.line, e.column]).toEqual([1, 15]);
    expect(e.message).toMatch(/Undefined prefix 'ex:'/);
  });

  it('rejects a lone surrogate escape at the escape', () => {
    const e = error("SELECT * { ?s ?p 'ab\\uD800' }");
    expect([e.line, e.column]).toEqual([1, 21]);
  });

  it('reads a leading byte order mark as white space', () => {
    expect(parseSparql('\uFEFFASK {}').kind).toBe('ask');
    expect([error('\uFEFFASK {').line, error('\uFEFFASK {').column]).toEqual([1, 7]);
  });

  it('parseSparqlQuery / parseSparqlUpdate insist on their kind', () => {
    expect(() => parseSparqlQuery('CLEAR ALL')).toThrow(ParseError);
    expect(() => parseSparqlUpdate('ASK {}')).toThrow(ParseError);
    expect(parseSparqlQuery('ASK {}').kind).toBe('ask');
    expect(parseSparqlUpdate('CLEAR ALL').kind).toBe('update');
  });
});

describe('static rules: position and message', () => {
  const cases: [string, string, [number, number], RegExp][] = [
    ['AS variable in scope', 'SELECT (1 AS ?s) { ?s ?p ?o }', [1, 8], /already in scope/],
    ['AS variable projected twice', 'SELECT ?x (2 AS ?x) {}', [1, 11], /projected twice/],
    ['SELECT * with GROUP BY', 'SELECT * { ?s ?p ?o } GROUP BY ?s', [1, 1], /SELECT \*/],
    ['ungrouped variable', 'SELECT ?s ?p { ?s ?p ?o } GROUP BY ?s', [1, 11], /\?p is neither grouped nor aggregated/],
    ['ungrouped variable in an expression', 'SELECT (?o + 1 AS ?x) { ?s ?p ?o } GROUP BY ?s', [1, 8], /\?o/],
    ['aggregate in FILTER', 'SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }', [1, 28], /aggregate/],
    ['aggregate in GROUP BY', 'SELECT (1 AS ?x) { ?s ?p ?o } GROUP BY (SUM(?o))', [1, 41], /aggregate/],
    ['nested aggregate', 'SELECT (SUM(COUNT(?o)) AS ?x) { ?s ?p ?o }', [1, 13], /aggregate/],
    ['BIND variable in scope', 'SELECT * {\n  ?s ?p ?o\n  BIND(1 AS ?o) }', [3, 3], /already in scope/],
    ['blank node label in two BGPs', 'SELECT * { _:a ?p ?o OPTIONAL { _:a ?q ?r } }', [1, 33], /_:a/],
    ['VALUES row too short', 'SELECT * {} VALUES (?a ?b) {\n (1) }', [2, 2], /1 value but/],
    ['variable in INSERT DATA', 'INSERT DATA { <s> <p> ?o }', [1, 15], /Variables are not allowed in INSERT DATA/],
    ['blank node in DELETE DATA', 'DELETE DATA { <s> <p> [] }', [1, 15], /Blank nodes/],
    ['blank node in a DELETE template', 'DELETE { ?s <p> _:x } WHERE { ?s ?p ?o }', [1, 10], /DELETE template/],
    ['blank node label reused across INSERT DATA', 'INSERT DATA { _:x <p> 1 } ;\nINSERT DATA { _:x <p> 2 }', [2, 15], /earlier operation/],
  ];
  for (const [name, text, [line, column], message] of cases) {
    it(name, () => {
      const e = error(text);
      expect(e.message).toMatch(message);
      expect([e.line, e.column]).toEqual([line, column]);
    });
  }

  it('accepts what the rules allow', () => {
    for (const ok of [
      'SELECT (SUM(?o) AS ?s) (?s * 2 AS ?d) { ?x ?p ?o }', // an earlier alias may be reused
      'SELECT ?g (COUNT(*) AS ?n) { ?s ?p ?g } GROUP BY ?g HAVING (?n > 1)',
      'SELECT ?k { ?s ?p ?o } GROUP BY (STR(?o) AS ?k)',
      'SELECT * { _:a ?p ?o FILTER(?o) _:a ?q ?r }', // FILTER does not end a basic graph pattern
      'SELECT * { { ?s ?p ?y } UNION { BIND(1 AS ?y) } }',
      'INSERT { _:b <p> 1 } WHERE {} ; INSERT { _:b <p> 2 } WHERE {}',
      'INSERT DATA { GRAPH <g1> { _:b <p> 1 } GRAPH <g2> { _:b <p> 2 } }',
      '',
    ]) {
      expect(() => parseSparql(ok), ok).not.toThrow();
    }
  });
});
