/**
 * cst-types.test.ts — grammar/sparql/cst.ts (the CST types the AST builder is written against)
 * must match what chevrotain generates from the grammar. Regenerate with
 * `UPDATE_SPARQL_CST=1 npx vitest run test/grammar/sparql/cst-types.test.ts`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCstDts } from 'chevrotain';
import { expect, it } from 'vitest';
import { sparqlParser } from '../../../grammar/sparql/parser.js';

const target = fileURLToPath(new URL('../../../grammar/sparql/cst.ts', import.meta.url));
const header = `/**
 * cst.ts — GENERATED from parser.ts by test/grammar/sparql/cst-types.test.ts (chevrotain's
 * generateCstDts); do not edit. The shapes of the CST nodes that to-ast*.ts reads.
 * Regenerate: UPDATE_SPARQL_CST=1 npx vitest run test/grammar/sparql/cst-types.test.ts
 */
`;

function generated(): string {
  const dts = generateCstDts(sparqlParser.getGAstProductions(), { includeVisitorInterface: false });
  return header + dts.replace('import type { CstNode, ICstVisitor, IToken } from "chevrotain";', 'import type { CstNode, IToken } from "chevrotain";');
}

it('grammar/sparql/cst.ts is up to date with the grammar', () => {
  const want = generated();
  if (process.env.UPDATE_SPARQL_CST) fs.writeFileSync(target, want);
  const have = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  expect(have === want, 'cst.ts is stale: rerun with UPDATE_SPARQL_CST=1').toBe(true);
});
