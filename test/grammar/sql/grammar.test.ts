/**
 * grammar.test.ts — the grammar itself: chevrotain's definition checks (no ambiguous
 * alternatives, no left recursion, valid occurrence indices) pass. index.ts builds its parser
 * without them to start faster, so they run here.
 */
import { expect, test } from 'vitest';
import { SqlParser } from '../../../grammar/sql/parser.js';

test('the grammar passes chevrotain validation', () => {
  // performSelfAnalysis throws "Parser Definition Errors detected" when a check fails.
  expect(() => new SqlParser({ validate: true })).not.toThrow();
});
