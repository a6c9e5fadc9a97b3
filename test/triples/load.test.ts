/**
 * load.test.ts — RDF in and out of the store: formats, named graphs, atomic loads, parse
 * errors with line and column, export, and what the store's layout looks like.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { DataFactory, Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/common/errors.js';
import { Database } from '../../src/engine/database.js';
import { SparqlBindings } from '../../src/engine/sparql.js';
import { explainQuery, lower, runQuery } from '../../src/engine/pipeline.js';
import type { Store } from '../../src/storage/relations.js';
import { rdfLoader } from '../../src/triples/load.js';
import { toValue } from '../../src/triples/terms.js';

const values = (r: unknown) => (r as SparqlBindings).rows.map((row) => row.map((t) => t?.value ?? null));

describe('loadRdf / exportRdf', () => {
  it('loads Turtle, N-Triples, N-Quads and TriG; duplicates are no change', async () => {
    const db = await Database.open();
    expect(await db.loadRdf('@prefix ex: <http://e/> . ex:a ex:p ex:b , ex:c .')).toBe(2);
    expect(await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .', { format: 'application/n-triples' })).toBe(0);
    expect(await db.loadRdf('<http://e/a> <http://e/p> "x" <http://e/g1> .', { format: 'application/n-quads' })).toBe(1);
    expect(await db.loadRdf('@prefix ex: <http://e/> . ex:g2 { ex:a ex:p 1 }', { format: 'application/trig' })).toBe(1);
    expect(await db.loadRdf('<http://e/x> <http://e/p> <http://e/y> .', { graph: 'http://e/g3' })).toBe(1);
    expect(values(await db.sparql('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g'))).toEqual([
      ['http://e/g1', '1'],
      ['http://e/g2', '1'],
      ['http://e/g3', '1'],
    ]);
    expect(values(await db.sparql('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'))).toEqual([['2']]);
    await db.close();
  });

  it('numbers a term once per batch however it recurs, keeps terms of different kinds apart, and a repeated quad once', async () => {
    const db = await Database.open();
    const xsd = 'http://www.w3.org/2001/XMLSchema#';
    const text = [
      '<http://e/a> <http://e/p> "a" .',
      `<http://e/a> <http://e/p> "a"^^<${xsd}string> .`,
      '<http://e/a> <http://e/p> <http://e/a> .',
      '<http://e/a> <http://e/p> <http://e/a> .',
      '_:a <http://e/p> "a"@EN .',
      '_:a <http://e/p> "a"@en .',
      `<http://e/a> <http://e/p> "1"^^<${xsd}integer> .`,
    ].join('\n');
    expect(await db.loadRdf(text, { format: 'application/n-triples' })).toBe(4);
    const rows = values(await db.sparql('SELECT ?s ?o WHERE { ?s ?p ?o }')).map((r) => r.join(' '));
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.startsWith('http://e/a ')).sort()).toEqual(['http://e/a 1', 'http://e/a a', 'http://e/a http://e/a']);
    expect(values(await db.sparql('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p "a"@en }'))).toEqual([['1']]);
    await db.close();
  });

  it("stores each literal as the term n3's own parser makes of it: value, language, datatype", async () => {
    // A load's parser makes its literals without n3's id strings (load.ts LoadLiteral); what is
    // stored must be the terms n3's default factory would have made, in Turtle's every literal form.
    const text = [
      '@prefix ex: <http://e/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
      'ex:a ex:p "plain", "typed"^^xsd:string, "Tag"@EN-gb, "tag"@en-GB, 12, -1.5, 2e3, true, "2020-01-01"^^xsd:date .',
      `ex:a ex:q """long "quoted" text""", 'single', "esc\\u00e9\\n\\"q\\"", "x"^^ex:own, ""@fr, "" .`,
    ].join('\n');
    const db = await Database.open();
    await db.loadRdf(text);
    const key = (t: { termType: string; value: string; language?: string; datatype?: { value: string } }) =>
      t.termType === 'Literal' ? `${t.value}|${t.language}|${t.datatype?.value}` : t.value;
    const stored = ((await db.sparql('SELECT ?o WHERE { ?s ?p ?o }')) as SparqlBindings).rows.map((r) => key(r[0] as never)).sort();
    const parsed = new Parser().parse(text).map((q) => key(q.object as never)).sort();
    expect(stored).toEqual([...new Set(parsed)]);
    expect(stored).toContain('Tag|en-gb|http://www.w3.org/1999/02/22-rdf-syntax-ns#langString');
    expect(stored).toContain('esc\u00e9\n"q"||http://www.w3.org/2001/XMLSchema#string');
    await db.close();
  });

  it('rejects a syntax error with line and column and loads nothing of that call', async () => {
    const db = await Database.open();
    await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .');
    const bad = '@prefix ex: <http://e/> .\nex:a ex:p ex:c .\nex:a ex:p "x" ex:d .\n';
    const err = await db.loadRdf(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).line).toBe(3);
    expect((err as ParseError).column).toBe(15);
    expect(values(await db.sparql('SELECT ?o WHERE { ?s ?p ?o }'))).toEqual([['http://e/b']]);
    await db.close();
  });

  it('streams a Node Readable or an async iterable in batches, reporting progress', async () => {
    const db = await Database.open();
    const n = 25_000;
    const lines = Array.from({ length: n }, (_, i) => `<http://e/s${i}> <http://e/p> "${i}" .\n`);
    // Chunks cut through lines and terms: the parser must carry partial tokens across them.
    const text = lines.join('');
    const chunks: Buffer[] = [];
    for (let i = 0; i < text.length; i += 997) chunks.push(Buffer.from(text.slice(i, i + 997)));
    const progress: number[] = [];
    expect(await db.loadRdf(Readable.from(chunks), { format: 'application/n-triples', onProgress: ({ quads }) => progress.push(quads) })).toBe(n);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress[progress.length - 1]).toBe(n);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    async function* pieces() {
      yield '@prefix ex: <http://e/> .\nex:a ex:q "h';
      yield 'é" ; ex:q 2 .';
    }
    expect(await db.loadRdf(pieces(), { graph: 'http://e/g' })).toBe(2);
    expect(values(await db.sparql('SELECT ?o WHERE { GRAPH <http://e/g> { <http://e/a> ?p ?o } }')).flat().sort()).toEqual(['2', 'hé']);
    await db.close();
  });

  it('a syntax error late in a streamed input names its line and loads nothing, even after batches were written', async () => {
    const db = await Database.open();
    async function* input() {
      for (let i = 0; i < 30_000; i++) yield `<http://e/s${i}> <http://e/p> <http://e/o> .\n`;
      yield '<http://e/bad> <http://e/p> .\n';
    }
    const err = await db.loadRdf(input(), { format: 'application/n-triples' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).line).toBe(30_001);
    expect(values(await db.sparql('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'))).toEqual([['0']]);
    await db.transaction(async (tx) => {
      await tx.loadRdf('<http://e/a> <http://e/p> <http://e/b> .');
      await expect(tx.loadRdf(input(), { format: 'application/n-triples' })).rejects.toBeInstanceOf(ParseError);
    });
    expect(values(await db.sparql('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'))).toEqual([['1']]);
    await db.close();
  });

  it('keeps blank nodes of different loads apart and exports through n3', async () => {
    const db = await Database.open();
    await db.loadRdf('_:b <http://e/p> "1" .');
    await db.loadRdf('_:b <http://e/p> "2" .');
    expect(values(await db.sparql('SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }'))).toEqual([['2']]);
    const nt = await db.exportRdf();
    expect(nt.trim().split('\n')).toHaveLength(2);
    await db.loadRdf('<http://e/a> <http://e/p> "x"@en <http://e/g> .', { format: 'application/n-quads' });
    expect(await db.exportRdf({ format: 'application/n-quads', graph: 'http://e/g' })).toBe('<http://e/a> <http://e/p> "x"@en <http://e/g> .\n');
    await db.close();
  });

  it('is one relation with four orders, and BGP joins use its indexes', async () => {
    const db = await Database.open();
    await db.loadRdf('@prefix ex: <http://e/> . ex:a ex:knows ex:b . ex:b ex:name "B" .');
    const plan = (await db.explain('sparql', 'PREFIX ex: <http://e/> SELECT ?n WHERE { ex:a ex:knows ?x . ?x ex:name ?n }')).toString();
    expect(plan).toMatch(/rdf_quads/);
    expect(plan).toMatch(/range|index/i);
    await db.close();
  });

  it('plans a batch by its size and looks each of its distinct terms up once', async () => {
    const db = await Database.open();
    await db.loadRdf('<http://e/s0> <http://e/p> <http://e/o0> .', { format: 'application/n-triples' });
    // 300 quads over 100 subjects, one predicate and 30 objects (half of them new), one repeated.
    const lines = Array.from({ length: 300 }, (_, i) => `<http://e/s${i % 100}> <http://e/p> <http://e/o${i % 30}> <http://e/g> .`);
    lines.push(lines[7]);
    const store = (db as unknown as { store: Store }).store;
    const loader = rdfLoader({ format: 'application/n-quads' });
    const [, batch] = loader.parse(lines.join('\n'));
    const tx = store.begin();
    const plan = explainQuery(lower(loader, batch, store, tx) as Parameters<typeof explainQuery>[0], store, tx, true).physical;
    tx.rollback();
    // The unnested list literal is estimated at its length (it was 4 rows, so 4 dictionary
    // lookups per quad looked cheap): 301, the repeated quad kept in the batch, which the Write
    // ignores (below: it inserts 300). The dictionary is read twice — once for the batch's
    // terms, whose stored ones tell the new ones apart without a second lookup, and once for
    // the default graph —, not once more per position of the quads.
    expect(plan).toMatch(/Unnest .*est\. 301 rows/);
    const dictionaryReads = plan.split('\n').filter((l) => /rdf_terms\b/.test(l) && !/Write insert rdf_terms/.test(l));
    expect(dictionaryReads).toHaveLength(2);
    // The new terms are the batch's terms the stored ones lack (an anti join on their places).
    expect(plan).toMatch(/HashJoin anti on \(place#\d+\) = \(place#\d+\)/);
    expect(plan).toMatch(/Write insert rdf_quads.*actual 300 rows/);
    await db.close();
  });

  it("interns a batch's new terms once, whichever positions they take", async () => {
    const db = await Database.open();
    await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .', { format: 'application/n-triples' });
    // New and stored terms in every position, a term both subject and object, a repeated quad.
    const text = [
      '<http://e/b> <http://e/q> <http://e/c> <http://e/b> .',
      '<http://e/c> <http://e/p> <http://e/a> .',
      '<http://e/c> <http://e/p> <http://e/a> .',
      '<http://e/a> <http://e/c> "c" <http://e/g> .',
    ].join('\n');
    expect(await db.loadRdf(text, { format: 'application/n-quads' })).toBe(3);
    const rows = values(await db.sparql('SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?s ?p ?o ?g'));
    expect(rows).toEqual([
      ['http://e/a', 'http://e/c', 'c', 'http://e/g'],
      ['http://e/a', 'http://e/p', 'http://e/b', null],
      ['http://e/b', 'http://e/q', 'http://e/c', 'http://e/b'],
      ['http://e/c', 'http://e/p', 'http://e/a', null],
    ]);
    expect(values(await db.sparql('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'))).toEqual([['2']]);
    await db.close();
  });

  it('stores what successive loads of random quads hold, whatever terms earlier loads stored (property)', async () => {
    // A batch reads its terms' ids by place from one list (dictionary.ts insertBatch): any mix of
    // stored and new terms in any position, repeated quads, named graphs, and the several
    // statements of a streamed load must store exactly the set of quads given.
    const xsdInteger = 'http://www.w3.org/2001/XMLSchema#integer';
    const iri = fc.constantFrom('http://e/a', 'http://e/b', 'http://e/c', 'http://e/p');
    const object = fc.oneof(iri.map((v) => ({ nt: `<${v}>`, key: v })), fc.constantFrom('a', 'b').map((v) => ({ nt: `"${v}"`, key: v })), fc.constantFrom('a', 'c').map((v) => ({ nt: `"${v}"@en`, key: `${v}@en` })), fc.constantFrom('1', '2').map((v) => ({ nt: `"${v}"^^<${xsdInteger}>`, key: `${v}^^int` })));
    const quad = fc.record({ s: iri, p: iri, o: object, g: fc.option(fc.constantFrom('http://e/g', 'http://e/a'), { freq: 3 }) });
    type Q = { s: string; p: string; o: { nt: string; key: string }; g: string | null };
    const line = (q: Q) => `<${q.s}> <${q.p}> ${q.o.nt}${q.g === null ? '' : ` <${q.g}>`} .`;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(quad, { maxLength: 40 }), { minLength: 1, maxLength: 4 }), fc.boolean(), async (loads, streamed) => {
        const db = await Database.open();
        const want = new Set<string>();
        for (const quads of loads) {
          for (const q of quads) want.add([q.s, q.p, q.o.key, q.g ?? ''].join(' '));
          // Streamed as chunks of a line each, a load is one statement per chunk read.
          const input = streamed ? Readable.from(quads.map((q) => line(q) + '\n')) : quads.map(line).join('\n');
          await db.loadRdf(input, { format: 'application/n-quads' });
        }
        const r = (await db.sparql('SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }')) as SparqlBindings;
        const key = (t: { termType: string; value: string; language?: string; datatype?: { value: string } }) =>
          t.termType !== 'Literal' ? t.value : t.language ? `${t.value}@${t.language}` : t.datatype?.value === xsdInteger ? `${t.value}^^int` : t.value;
        const got = r.rows.map(([s, p, o, g]) => [s!.value, p!.value, key(o as never), g?.value ?? ''].join(' '));
        expect(got.sort()).toEqual([...want].sort());
        await db.close();
      }),
      { numRuns: 40 },
    );
  });

  it('gives every place of a term its id when a batch lists the term twice', async () => {
    // QuadBatch adds a term to the batch's list without looking it up by its encoding
    // (TermBatchBuilder.add); a term listed twice, stored or new, must still give both places its id.
    const db = await Database.open();
    await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .', { format: 'application/n-triples' });
    const store = (db as unknown as { store: Store }).store;
    const loader = rdfLoader({ format: 'application/n-triples' });
    const iri = (v: string) => toValue(DataFactory.namedNode(v));
    // Places: 1 a (stored), 2 p (stored), 3 c (new), 4 a again, 5 c again, 6 the default graph.
    // Quads (4, 2, 5, 6), (3, 2, 1, 6) and (1, 2, 3, 6), as columns of places.
    const places: [number[], number[], number[], number[]] = [[4, 3, 1], [2, 2, 2], [5, 1, 3], [6, 6, 6]];
    const batch = { terms: [iri('http://e/a'), iri('http://e/p'), iri('http://e/c'), iri('http://e/a'), iri('http://e/c'), ''], places };
    const tx = store.begin();
    runQuery(lower(loader, { kind: 'insert', batch, read: 3 }, store, tx) as Parameters<typeof runQuery>[0], store, tx);
    await tx.commit();
    expect(values(await db.sparql('SELECT ?s ?o WHERE { ?s <http://e/p> ?o } ORDER BY ?s ?o'))).toEqual([
      ['http://e/a', 'http://e/b'],
      ['http://e/a', 'http://e/c'],
      ['http://e/c', 'http://e/a'],
    ]);
    expect(values(await db.sparql('SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { { ?t ?p ?o } UNION { ?s ?p ?t } }'))).toEqual([['3']]);
    await db.close();
  });

  it('answers queries on a database that never held RDF', async () => {
    const db = await Database.open();
    expect(values(await db.sparql('SELECT * WHERE { ?s ?p ?o }'))).toEqual([]);
    expect(await db.sparql('ASK {}')).toBe(true);
    await db.close();
  });
});
