/**
 * dictionary.test.ts — the term dictionary (src/triples/layout.ts, dictionary.ts): every stored
 * term once with an id that is never reused, quads of ids, interning inside the writing plan
 * (atomic with it), BGP joins on ids, and cached plans that stay right as terms are added.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { SparqlBindings } from '../../src/engine/sparql.js';
import { MemoryEngine, openStore } from '../../src/storage/index.js';
import type { Row } from '../../src/common/values.js';

const values = (r: unknown) => (r as SparqlBindings).rows.map((row) => row.map((t) => t?.value ?? null));

/** rows reads a relation as the store holds it, through a second store over the same engine. */
async function rows(engine: MemoryEngine, name: string): Promise<Row[]> {
  const store = await openStore(engine);
  const tx = store.begin({ readOnly: true });
  try {
    const relation = tx.catalog.relation(name);
    if (!relation) return [];
    const cursor = tx.scan(relation);
    const out: Row[] = [];
    for (let batch = cursor.nextBatch(1024); batch; batch = cursor.nextBatch(1024)) out.push(...batch);
    cursor.close();
    return out;
  } finally {
    tx.rollback();
  }
}

const terms = async (engine: MemoryEngine) => new Map((await rows(engine, 'rdf_terms')).map(([id, term]) => [term as string, id as number]));

describe('term dictionary', () => {
  it('holds each term once, the default graph as id 0, and quads as ids', async () => {
    const engine = new MemoryEngine();
    const db = await Database.open({ engine });
    await db.loadRdf('@prefix ex: <http://e/> . ex:a ex:p ex:b , "x" , "x"@en , 1 . ex:b ex:p ex:a .');
    const dict = await terms(engine);
    expect([...dict.keys()].sort()).toEqual(['', '"x', '<http://e/a', '<http://e/b', '<http://e/p', '@en"x', '^http://www.w3.org/2001/XMLSchema#integer"1'].sort());
    expect(dict.get('')).toBe(0);
    expect(new Set(dict.values()).size).toBe(dict.size);
    const quads = await rows(engine, 'rdf_quads');
    expect(quads).toHaveLength(5);
    for (const q of quads) for (const v of q) expect(typeof v).toBe('number');
    expect(quads).toContainEqual([dict.get('<http://e/b'), dict.get('<http://e/p'), dict.get('<http://e/a'), 0]);
    await db.close();
  });

  it('never reuses an id: loading known terms adds none, deleted terms keep theirs, new terms get larger ones', async () => {
    const engine = new MemoryEngine();
    const db = await Database.open({ engine });
    await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .');
    const before = await terms(engine);
    await db.loadRdf('<http://e/b> <http://e/p> <http://e/a> .');
    expect(await terms(engine)).toEqual(before);
    await db.sparql('DELETE DATA { <http://e/a> <http://e/p> <http://e/b> . <http://e/b> <http://e/p> <http://e/a> }');
    expect(await rows(engine, 'rdf_quads')).toEqual([]);
    await db.sparql('INSERT DATA { <http://e/a> <http://e/q> <http://e/b> }');
    const after = await terms(engine);
    for (const [term, id] of before) expect(after.get(term)).toBe(id);
    expect(after.get('<http://e/q')).toBeGreaterThan(Math.max(...before.values()));
    await db.close();
  });

  it('interns what an INSERT template computes once per solution (UUIDs, fresh blank nodes)', async () => {
    const engine = new MemoryEngine();
    const db = await Database.open({ engine });
    await db.loadRdf('<http://e/a> <http://e/p> 1 . <http://e/b> <http://e/p> 2 .');
    await db.sparql('INSERT { ?s <http://e/id> ?u . ?s <http://e/node> [] } WHERE { ?s <http://e/p> ?o BIND(UUID() AS ?u) }');
    const ids = values(await db.sparql('SELECT ?s ?u WHERE { ?s <http://e/id> ?u }'));
    expect(ids).toHaveLength(2);
    expect(new Set(ids.map((r) => r[1])).size).toBe(2);
    const dict = await terms(engine);
    for (const [, u] of ids) expect(dict.has(`<${u}`)).toBe(true);
    expect(values(await db.sparql('SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?s <http://e/node> ?n }'))).toEqual([['2']]);
    await db.close();
  });

  it('loads nothing into the dictionary when a load fails', async () => {
    const engine = new MemoryEngine();
    const db = await Database.open({ engine });
    await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .');
    const before = await terms(engine);
    await expect(db.loadRdf('<http://e/c> <http://e/p> <http://e/d> .\n<http://e/c> <http://e/p> .')).rejects.toThrow(/line 2/);
    expect(await terms(engine)).toEqual(before);
    await db.close();
  });

  it('joins a BGP on ids and probes the quads with every constant of a pattern, as its committed id', async () => {
    const engine = new MemoryEngine();
    const db = await Database.open({ engine });
    await db.loadRdf('@prefix ex: <http://e/> . ex:a ex:knows ex:b . ex:b ex:name "B" .');
    const ids = new Map((await rows(engine, 'rdf_terms')).map(([id, term]) => [term, id]));
    const plan = (await db.explain('sparql', 'PREFIX ex: <http://e/> SELECT ?n WHERE { ex:a ex:knows ?x . ?x ex:name ?n }')).physical;
    // The constants are their ids in the plan (no dictionary lookup at run time): the first
    // pattern's subject and predicate ids both bound its index range or key its probe (a probe by
    // the whole quad, when the second pattern is read first), the second's predicate likewise.
    expect(plan).not.toMatch(/rdf_terms_term/);
    const [a, knows, name] = ['<http://e/a', '<http://e/knows', '<http://e/name'].map((t) => ids.get(t));
    expect(plan).toMatch(new RegExp(`IndexScan rdf_quads using rdf_quads_gspo range \\[0, ${a}, ${knows} \\.\\. 0, ${a}, ${knows}\\]|IndexJoin inner rdf_quads using primary key keys \\(${a}, ${knows}, \\S+, 0\\)`));
    expect(plan).toMatch(new RegExp(`IndexJoin inner rdf_quads using \\S+ keys \\(0, o#\\d+, ${name}\\)|IndexScan rdf_quads using rdf_quads_posg range \\[${name} \\.\\. ${name}\\]`));
    // Only ?n is read: one decoding join on the dictionary's primary key.
    expect(plan.match(/IndexJoin inner rdf_terms using primary key/g)).toHaveLength(1);
    await db.close();
  });

  it('compares a variable with a committed IRI by id: FILTER(?x != <iri>) and NOT EXISTS decode no ?x', async () => {
    const engine = new MemoryEngine();
    const db = await Database.open({ engine });
    await db.loadRdf('@prefix ex: <http://e/> . ex:a ex:knows ex:b , ex:c , "lit" . ex:b ex:name "B" . ex:c ex:name "C" . ex:c ex:knows ex:b .');
    const ids = await terms(engine);
    const q = (filter: string) => `PREFIX ex: <http://e/> SELECT ?n WHERE { ex:a ex:knows ?x . ?x ex:name ?n ${filter} }`;
    const decodes = (plan: string) => plan.match(/IndexJoin inner rdf_terms using primary key/g)?.length ?? 0;
    const ne = (await db.explain('sparql', q('FILTER(?x != ex:c)'))).physical;
    // The test is on ?x's id, pushed to the quads; only ?n is decoded (for the result).
    expect(ne).toMatch(new RegExp(`sparql\\.not \\(eq o#\\d+ ${ids.get('<http://e/c')}\\)`));
    expect(decodes(ne)).toBe(1);
    expect(values(await db.sparql(q('FILTER(?x != ex:c)')))).toEqual([['B']]);
    expect(values(await db.sparql(q('FILTER(ex:b = ?x)')))).toEqual([['B']]);
    const notExists = q('FILTER NOT EXISTS { ?x ex:knows ?y FILTER(?y = ex:b) }');
    expect(decodes((await db.explain('sparql', notExists)).physical)).toBe(1);
    expect(values(await db.sparql(notExists))).toEqual([['B']]);
    // An IRI the dictionary does not hold has no id: compared as terms, as before.
    expect(values(await db.sparql(q('FILTER(?x != ex:zzz)'))).sort()).toEqual([['B'], ['C']]);
    // A literal is unequal to every IRI, and != holds for it (no error).
    const lits = 'PREFIX ex: <http://e/> SELECT ?x WHERE { ex:a ex:knows ?x FILTER(?x != ex:b) }';
    expect(values(await db.sparql(lits)).sort()).toEqual([['http://e/c'], ['lit']]);
    await db.close();
  });

  it('folds only committed ids into a cached plan: a term an open transaction interned is looked up at run time', async () => {
    const db = await Database.open();
    await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .');
    const q = 'SELECT ?s WHERE { ?s <http://e/p2> ?o }';
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let planned = () => {};
    const inside = new Promise<void>((r) => (planned = r));
    const open = db.transaction(async (tx) => {
      // p2 takes the next id, uncommitted; q is planned (and its plan cached) here.
      await tx.sparql('INSERT DATA { <http://e/a> <http://e/p2> <http://e/b> }');
      expect(values(await tx.sparql(q))).toEqual([['http://e/a']]);
      planned();
      await held;
      throw new Error('abandoned');
    });
    await inside;
    // Committed meanwhile: p3 takes the id p2 holds in the open transaction. The cached plan
    // must not have p2's id in it, or it would match p3's quad.
    await db.sparql('INSERT DATA { <http://e/a> <http://e/p3> <http://e/b> }');
    expect(values(await db.sparql(q))).toEqual([]);
    release();
    await expect(open).rejects.toThrow('abandoned');
    await db.close();
  });

  it('answers a cached query with a constant the store did not hold when it was planned', async () => {
    const db = await Database.open();
    await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .');
    const q = 'SELECT ?o WHERE { <http://e/new> <http://e/p> ?o }';
    expect(values(await db.sparql(q))).toEqual([]);
    await db.sparql('INSERT DATA { <http://e/new> <http://e/p> "here" }');
    expect(values(await db.sparql(q))).toEqual([['here']]);
    await db.close();
  });

  it('keeps a zero-length path from a term the store does not hold', async () => {
    const db = await Database.open();
    await db.loadRdf('<http://e/a> <http://e/p> <http://e/b> .');
    expect(values(await db.sparql('SELECT ?x WHERE { <http://e/z> <http://e/p>* ?x }'))).toEqual([['http://e/z']]);
    expect(values(await db.sparql('SELECT ?x WHERE { <http://e/a> <http://e/p>* ?x } ORDER BY ?x'))).toEqual([['http://e/a'], ['http://e/b']]);
    expect(await db.sparql('ASK { <http://e/z> <http://e/p>* <http://e/z> }')).toBe(true);
    await db.close();
  });

  it('decodes to the terms that were loaded, for any literal (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 8 }), async (strings) => {
        const db = await Database.open();
        const ttl = strings.map((s, i) => `<http://e/s${i}> <http://e/p> ${JSON.stringify(s)} .`).join('\n');
        await db.loadRdf(ttl, { format: 'application/n-triples' });
        const got = values(await db.sparql('SELECT ?s ?o WHERE { ?s <http://e/p> ?o }'));
        expect(got.map((r) => r[1]).sort()).toEqual([...strings].sort());
        await db.close();
      }),
      { numRuns: 20 },
    );
  });
});
