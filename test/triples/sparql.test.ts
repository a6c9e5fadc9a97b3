/**
 * sparql.test.ts — named regression cases for the SPARQL lowering (each a bug or a semantic
 * point the W3C suite touches only indirectly).
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import type { SparqlBindings } from '../../src/engine/sparql.js';

const data = `@prefix ex: <http://e/> .
ex:a ex:knows ex:b ; ex:age 30 .
ex:b ex:knows ex:c ; ex:age 20 .
ex:c ex:knows ex:a .
ex:d ex:name "D" .
_:x ex:name "blank" .
`;
const P = 'PREFIX ex: <http://e/> ';
let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await db.loadRdf(data);
});
afterAll(() => db.close());

async function rows(q: string): Promise<(string | null)[][]> {
  const r = (await db.sparql(P + q)) as SparqlBindings;
  return r.rows.map((row) => row.map((t) => (t === null ? null : t.termType === 'BlankNode' ? '_' : t.value)));
}

describe('SPARQL lowering', () => {
  it('EXISTS with a multi-pattern body stays correlated (order-joins kept the outer condition)', async () => {
    expect(await rows('SELECT ?s WHERE { ?s ex:age ?a FILTER EXISTS { ?s ex:knows ?o . ?o ex:age ?x } } ORDER BY ?s')).toEqual([['http://e/a']]);
    expect(await rows('SELECT ?s WHERE { ?s ex:age ?a FILTER NOT EXISTS { ?s ex:knows ?o . ?o ex:age ?x } }')).toEqual([['http://e/b']]);
  });

  it('joins an unbound OPTIONAL variable as compatible with anything', async () => {
    expect(await rows('SELECT ?s ?a WHERE { ?s ex:knows ?o OPTIONAL { ?s ex:age ?a } ?s ex:knows ?o2 } ORDER BY ?s')).toEqual([
      ['http://e/a', '30'],
      ['http://e/b', '20'],
      ['http://e/c', null],
    ]);
    expect(await rows('SELECT ?s ?a WHERE { OPTIONAL { ?s ex:age ?a } ?s ex:knows ex:a }')).toEqual([]);
  });

  it('UNION pads missing variables; MINUS needs a shared variable', async () => {
    expect(await rows('SELECT ?s ?n WHERE { { ?s ex:age 30 } UNION { ?s ex:name ?n } } ORDER BY ?n')).toEqual([
      ['http://e/a', null],
      ['http://e/d', 'D'],
      ['_', 'blank'],
    ]);
    expect(await rows('SELECT ?s WHERE { ?s ex:age ?a MINUS { ?s ex:knows ex:c } }')).toEqual([['http://e/a']]);
    expect(await rows('SELECT ?s WHERE { ?s ex:age ?a MINUS { ?x ex:knows ex:c } } ORDER BY ?s')).toEqual([['http://e/a'], ['http://e/b']]);
  });

  it('binds errors as unbound, and FILTER errors drop the row', async () => {
    expect(await rows('SELECT ?s ?e WHERE { ?s ex:age ?a BIND(?a + "x" AS ?e) } ORDER BY ?s')).toEqual([
      ['http://e/a', null],
      ['http://e/b', null],
    ]);
    expect(await rows('SELECT ?s WHERE { ?s ex:age ?a FILTER(?a + "x" > 1 || ?a > 25) }')).toEqual([['http://e/a']]);
  });

  it('orders blank nodes before IRIs before literals, unbound first', async () => {
    expect(await rows('SELECT ?v WHERE { { ?v ex:name ?n } UNION { ex:d ex:name ?v } UNION { ex:a ex:knows ?v } UNION { BIND(1 AS ?z) } } ORDER BY ?v')).toEqual([
      [null],
      ['_'],
      ['http://e/b'],
      ['http://e/d'],
      ['D'],
    ]);
  });

  it('evaluates VALUES with UNDEF, aggregates with GROUP_CONCAT and paths', async () => {
    expect(await rows('SELECT ?s ?a WHERE { VALUES (?s ?a) { (ex:a UNDEF) (ex:b 20) (ex:b 21) } ?s ex:age ?a }')).toEqual([
      ['http://e/a', '30'],
      ['http://e/b', '20'],
    ]);
    expect(await rows('SELECT (GROUP_CONCAT(?n; SEPARATOR="|") AS ?all) WHERE { ?s ex:name ?n } ')).toEqual([[expect.stringMatching(/^(D\|blank|blank\|D)$/)]]);
    expect(await rows('SELECT (COUNT(*) AS ?n) WHERE { ex:a ex:knows* ?x }')).toEqual([['3']]);
    expect(await rows('SELECT ?x WHERE { ex:a !ex:knows ?x }')).toEqual([['30']]);
    expect(await rows('SELECT ?x WHERE { ex:a ex:knows/ex:knows/^ex:knows ?x }')).toEqual([['http://e/b']]);
  });
});

describe('SPARQL plan cache (plans kept by query text)', () => {
  it('answers a repeated query from the data as it is at each run, also after the data grows', async () => {
    const d = await Database.open();
    const q = 'PREFIX ex: <http://e/> SELECT ?o WHERE { ex:x ex:p ?o } ORDER BY ?o';
    const values = async () => ((await d.sparql(q)) as SparqlBindings).rows.map((r) => r[0]?.value);
    expect(await values()).toEqual([]);
    await d.sparql('PREFIX ex: <http://e/> INSERT DATA { ex:x ex:p 1 }');
    expect(await values()).toEqual(['1']);
    const more = Array.from({ length: 3000 }, (_, i) => `<http://e/n${i}> <http://e/p> ${i} .`).join('\n');
    await d.loadRdf(`${more}\n<http://e/x> <http://e/p> 2 .\n`);
    expect(await values()).toEqual(['1', '2']);
    await d.close();
  });

  it('gives each run of the same update request its own blank nodes', async () => {
    const d = await Database.open();
    const update = 'PREFIX ex: <http://e/> INSERT DATA { _:b ex:q 1 }';
    await d.sparql(update);
    await d.sparql(update);
    const r = (await d.sparql('PREFIX ex: <http://e/> SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ex:q 1 }')) as SparqlBindings;
    expect(r.rows[0][0]?.value).toBe('2');
    await d.close();
  });
});
