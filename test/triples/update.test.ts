/**
 * update.test.ts — SPARQL 1.1 Update through the shared pipeline: each operation's effect on
 * the stored dataset (read back with N-Quads export), atomicity of requests, fresh blank nodes,
 * and errors. The W3C update suite runs in test/conformance/sparql-update.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import type { SparqlBindings } from '../../src/engine/sparql.js';

const P = 'PREFIX ex: <http://e/> ';
let db: Database;
beforeEach(async () => {
  db = await Database.open();
});
afterEach(() => db.close());

/** quads lists the stored quads as sorted N-Quads lines (blank node labels replaced by _). */
async function quads(): Promise<string[]> {
  const text = await db.exportRdf({ format: 'application/n-quads' });
  return text.split('\n').filter(Boolean).map((l) => l.replace(/_:[^\s]+/g, '_')).sort();
}

const nq = (...lines: string[]) => lines.map((l) => l.replace(/ex:(\w+)/g, '<http://e/$1>')).sort();

describe('SPARQL Update', () => {
  it('INSERT DATA and DELETE DATA, in the default and named graphs; returns the operation count', async () => {
    const r = await db.sparql(P + 'INSERT DATA { ex:a ex:p 1 . GRAPH ex:g { ex:a ex:p "x"@en } } ; INSERT DATA { ex:a ex:p 1 }');
    expect(r).toEqual({ updated: true, operations: 2 });
    expect(await quads()).toEqual(nq('ex:a ex:p "1"^^<http://www.w3.org/2001/XMLSchema#integer> .', 'ex:a ex:p "x"@en ex:g .'));
    await db.sparql(P + 'DELETE DATA { GRAPH ex:g { ex:a ex:p "x"@en } ex:a ex:p 2 }');
    expect(await quads()).toEqual(nq('ex:a ex:p "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'));
  });

  it('DELETE/INSERT WHERE reads the dataset as it was before the operation', async () => {
    await db.sparql(P + 'INSERT DATA { ex:a ex:p ex:b . ex:b ex:p ex:c }');
    // Each ?x ex:p ?y becomes ?y ex:p ?x; evaluated against the new data this would loop or lose quads.
    await db.sparql(P + 'DELETE { ?x ex:p ?y } INSERT { ?y ex:p ?x } WHERE { ?x ex:p ?y }');
    expect(await quads()).toEqual(nq('ex:b ex:p ex:a .', 'ex:c ex:p ex:b .'));
    // A quad both deleted and inserted stays.
    await db.sparql(P + 'DELETE { ?x ex:p ?y } INSERT { ?x ex:p ?y } WHERE { ?x ex:p ?y }');
    expect(await quads()).toEqual(nq('ex:b ex:p ex:a .', 'ex:c ex:p ex:b .'));
  });

  it('DELETE WHERE, WITH, USING and GRAPH in templates', async () => {
    await db.sparql(P + 'INSERT DATA { GRAPH ex:g { ex:a ex:p 1 . ex:b ex:p 2 } ex:c ex:q 3 }');
    await db.sparql(P + 'WITH ex:g INSERT { ?s ex:r ?o } WHERE { ?s ex:p ?o FILTER(?o > 1) }');
    expect(await quads()).toContain(nq('ex:b ex:r "2"^^<http://www.w3.org/2001/XMLSchema#integer> ex:g .')[0]);
    await db.sparql(P + 'INSERT { GRAPH ex:h { ?s ?p ?o } } USING ex:g WHERE { ?s ex:p ?o BIND(ex:p AS ?p) }');
    expect((await quads()).filter((l) => l.endsWith('<http://e/h> .'))).toHaveLength(2);
    await db.sparql(P + 'DELETE WHERE { GRAPH ex:h { ?s ex:p ?o } }');
    expect((await quads()).filter((l) => l.endsWith('<http://e/h> .'))).toHaveLength(0);
    await db.sparql(P + 'DELETE WHERE { ?s ex:q ?o }');
    expect((await quads()).filter((l) => l.includes('<http://e/q>'))).toHaveLength(0);
  });

  it('blank nodes in an INSERT template are fresh per solution; in INSERT DATA one per label and operation', async () => {
    await db.sparql(P + 'INSERT DATA { ex:a ex:p 1 . ex:b ex:p 2 }');
    await db.sparql(P + 'INSERT { ?s ex:has _:n . _:n ex:v ?o } WHERE { ?s ex:p ?o }');
    const r = (await db.sparql(P + 'SELECT ?s ?o WHERE { ?s ex:has ?n . ?n ex:v ?o } ORDER BY ?s')) as SparqlBindings;
    expect(r.rows.map((row) => [row[0]?.value, row[1]?.value])).toEqual([['http://e/a', '1'], ['http://e/b', '2']]);
    const n = (await db.sparql(P + 'SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?s ex:has ?n }')) as SparqlBindings;
    expect(n.rows[0][0]?.value).toBe('2');
    await db.sparql(P + 'INSERT DATA { _:x ex:q 1 . GRAPH ex:g { _:x ex:q 2 } }');
    await db.sparql(P + 'INSERT DATA { _:x ex:q 3 }');
    const same = (await db.sparql(P + 'SELECT (COUNT(DISTINCT ?x) AS ?c) WHERE { { ?x ex:q 1 } UNION { GRAPH ex:g { ?x ex:q 2 } } }')) as SparqlBindings;
    expect(same.rows[0][0]?.value).toBe('1');
    const other = (await db.sparql(P + 'ASK { ?x ex:q 1 . ?x ex:q 3 }')) as boolean;
    expect(other).toBe(false);
  });

  it('CLEAR / DROP of DEFAULT, NAMED, ALL and one graph', async () => {
    const fill = () => db.sparql(P + 'INSERT DATA { ex:a ex:p 1 . GRAPH ex:g { ex:a ex:p 2 } GRAPH ex:h { ex:a ex:p 3 } }');
    await fill();
    await db.sparql('CLEAR DEFAULT');
    expect(await quads()).toHaveLength(2);
    await db.sparql(P + 'DROP GRAPH ex:g');
    expect(await quads()).toEqual([expect.stringContaining('<http://e/h>')]);
    await fill();
    await db.sparql('CLEAR NAMED');
    expect(await quads()).toHaveLength(1);
    await fill();
    await db.sparql('DROP ALL');
    expect(await quads()).toEqual([]);
    await db.sparql(P + 'CLEAR SILENT GRAPH ex:none ; CREATE GRAPH ex:new ; DROP SILENT GRAPH ex:new');
  });

  it('ADD, COPY and MOVE', async () => {
    await db.sparql(P + 'INSERT DATA { ex:a ex:p 1 . GRAPH ex:g { ex:b ex:p 2 } GRAPH ex:h { ex:c ex:p 3 } }');
    await db.sparql(P + 'ADD ex:g TO DEFAULT');
    expect((await quads()).filter((l) => !l.includes('<http://e/g>') && !l.includes('<http://e/h>'))).toHaveLength(2);
    await db.sparql(P + 'COPY DEFAULT TO ex:h');
    expect((await quads()).filter((l) => l.endsWith('<http://e/h> .'))).toHaveLength(2);
    await db.sparql(P + 'MOVE ex:h TO ex:k');
    expect((await quads()).filter((l) => l.endsWith('<http://e/h> .'))).toHaveLength(0);
    expect((await quads()).filter((l) => l.endsWith('<http://e/k> .'))).toHaveLength(2);
    await db.sparql(P + 'MOVE ex:k TO ex:k');
    expect((await quads()).filter((l) => l.endsWith('<http://e/k> .'))).toHaveLength(2);
  });

  it('LOAD reads local files into a graph; a remote IRI is an error unless SILENT', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdb-load-'));
    const file = path.join(dir, 'd.ttl');
    fs.writeFileSync(file, '<http://e/a> <http://e/p> <http://e/b> .');
    const url = pathToFileURL(file).href;
    await db.sparql(`LOAD <${url}> ; LOAD <${url}> INTO GRAPH <http://e/g>`);
    expect(await quads()).toEqual(nq('ex:a ex:p ex:b .', 'ex:a ex:p ex:b ex:g .'));
    await expect(db.sparql('LOAD <http://example.org/remote.ttl>')).rejects.toThrow(/only local files/);
    await expect(db.sparql(`LOAD <${pathToFileURL(path.join(dir, 'missing.ttl')).href}>`)).rejects.toMatchObject({ code: 'RUNTIME_ERROR' });
    await db.sparql('LOAD SILENT <http://example.org/remote.ttl>');
    fs.writeFileSync(file, '<http://e/a> <http://e/p> .');
    await expect(db.sparql(`LOAD <${url}>`)).rejects.toMatchObject({ code: 'SYNTAX_ERROR', line: 1 });
    fs.rmSync(dir, { recursive: true });
  });

  it('a request is atomic: a failing operation leaves nothing of it, in autocommit and in a transaction', async () => {
    await expect(db.sparql(P + 'INSERT DATA { ex:a ex:p 1 } ; LOAD <http://example.org/x>')).rejects.toThrow();
    expect(await quads()).toEqual([]);
    await db.transaction(async (tx) => {
      await tx.sparql(P + 'INSERT DATA { ex:a ex:p 1 }');
      await expect(tx.sparql(P + 'INSERT DATA { ex:b ex:p 1 } ; LOAD <http://example.org/x>')).rejects.toThrow();
      expect((await tx.sparql(P + 'ASK { ex:b ex:p 1 }')) as boolean).toBe(false);
    });
    expect(await quads()).toEqual(nq('ex:a ex:p "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'));
    await expect(db.transaction(async (tx) => {
      await tx.sparql(P + 'INSERT DATA { ex:c ex:p 1 }');
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await quads()).toHaveLength(1);
  });

  it('a syntax error names line and column', async () => {
    await expect(db.sparql('INSERT DATA {\n  <http://e/a> <http://e/p> ?x }')).rejects.toMatchObject({ code: 'SYNTAX_ERROR', line: 2 });
  });
});
