/**
 * golden.test.ts — the AST of each golden/*.rq|*.ru file must equal golden/<name>.json: the
 * shape the SPARQL lowering is written against. Spans are left out of the JSON (span.test.ts
 * covers them); terms are written N-Triples style (<iri>, ?var, _:b, "lit"@en, "1"^^<dt>).
 * Regenerate after an intended change: UPDATE_SPARQL_GOLDEN=1 npx vitest run test/grammar/sparql/golden.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSparql } from '../../../grammar/sparql/index.js';
import { toPlain } from './plain.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const inputs = fs.readdirSync(dir).filter((f) => /\.(rq|ru)$/.test(f)).sort();

describe('SPARQL AST golden files', () => {
  for (const file of inputs) {
    it(file, () => {
      const ast = toPlain(parseSparql(fs.readFileSync(path.join(dir, file), 'utf8')));
      const target = path.join(dir, file.replace(/\.(rq|ru)$/, '.json'));
      const text = `${JSON.stringify(ast, null, 2)}\n`;
      if (process.env.UPDATE_SPARQL_GOLDEN || !fs.existsSync(target)) fs.writeFileSync(target, text);
      expect(text).toBe(fs.readFileSync(target, 'utf8'));
    });
  }
});
