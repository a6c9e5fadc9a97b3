/**
 * result-formats.test.ts — SELECT and ASK results in the SPARQL 1.1 JSON, XML, CSV and TSV formats.
 */
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/engine/database.js';
import { formatResult } from '../../src/engine/sparql.js';

describe('formatResult', () => {
  it('writes bindings and booleans in the standard formats', async () => {
    const db = await Database.open();
    await db.loadRdf('@prefix ex: <http://e/> . ex:a ex:p "x, \\"y\\""@en , 3 , 2.5 .');
    const r = await db.sparql('SELECT ?o ?none WHERE { ?s ?p ?o } ORDER BY ?o');
    expect(JSON.parse(formatResult(r, 'json'))).toEqual({
      head: { vars: ['o', 'none'] },
      results: {
        bindings: [
          { o: { type: 'literal', value: '2.5', datatype: 'http://www.w3.org/2001/XMLSchema#decimal' } },
          { o: { type: 'literal', value: '3', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } },
          { o: { type: 'literal', value: 'x, "y"', 'xml:lang': 'en' } },
        ],
      },
    });
    expect(formatResult(r, 'csv')).toBe('o,none\r\n2.5,\r\n3,\r\n"x, ""y""",\r\n');
    expect(formatResult(r, 'tsv')).toBe('?o\t?none\n2.5\t\n3\t\n"x, \\"y\\""@en\t\n');
    expect(formatResult(r, 'xml')).toContain('<binding name="o"><literal xml:lang="en">x, &quot;y&quot;</literal></binding>');
    expect(JSON.parse(formatResult(await db.sparql('ASK { ?s ?p 3 }'), 'json'))).toEqual({ head: {}, boolean: true });
    await db.close();
  });
});
