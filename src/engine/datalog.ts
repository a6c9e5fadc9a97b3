/**
 * datalog.ts — the facade's Datalog operation, kept beside database.ts: a program runs as the
 * script of statements its front end makes (facts, views, queries). A program that is only a
 * query keeps its parse, lowering and plan by its text, as db.sparql does, re-planned when the
 * schema changes or a relation it reads changes size by a factor of two (session.ts). Any other
 * program runs as one atomic unit (Session.runAtomically).
 */
import { datalog, type DatalogSyntax } from '../datalog/index.js';
import type { RunOptions } from './pipeline.js';
import { ResultSet } from './result.js';
import type { Session } from './session.js';

/** runDatalog runs a program; the result is its last query's answers. */
export async function runDatalog(session: Session, text: string, options: RunOptions = {}): Promise<ResultSet> {
  // Optimizer options bypass the cache, as for SPARQL.
  const { syntax: statements, cache } =
    options.optimizer === undefined
      ? session.byText(`datalog\n${text}`, () => datalog.parse(text), isQueryOnly)
      : { syntax: datalog.parse(text), cache: undefined };
  if (cache) return session.runOne(datalog, statements[0], options, cache);
  // A program's facts, views and queries take effect together or not at all: a fact of the
  // wrong type in its third relation must not leave the first two stored.
  const results = await session.runAtomically(datalog, statements, options);
  return results[results.length - 1] ?? new ResultSet([], []);
}

/** isQueryOnly says whether a program is one query and nothing else (no facts, views or checks to apply). */
function isQueryOnly(statements: DatalogSyntax[]): boolean {
  return statements.length === 1 && statements[0].step === 'query';
}
