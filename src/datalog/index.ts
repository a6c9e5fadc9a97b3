/**
 * The Datalog front end: program text → AST (grammar/datalog) → normal form (normalize.ts)
 * → checked program (check.ts, stratify.ts) → [magic-set form (magic.ts)] → logical plans
 * (lower.ts). Everything after that is the shared engine's.
 *
 * A program runs as a script of statements, in this order whatever the order written:
 *   1. a schema statement creating the Datalog relations its facts (and bodiless `.decl`s) need;
 *   2. one write per asserted predicate, storing its facts (set semantics: re-asserting is a no-op);
 *   3. a schema statement keeping the rules of its `.view` predicates (views.ts);
 *   4. one query per `?-`, in written order; the script's result is the last one's.
 * Other rules are not stored: each query evaluates the rules it needs, its own and those of
 * the stored views it reads. A program with neither facts
 * nor queries is still checked (names, arities, safety, stratification).
 */
import type { FrontEnd, LoweringContext, Statement } from '../algebra/statement.js';
import { parseDatalog } from '../../grammar/datalog/index.js';
import { checkProgram } from './check.js';
import { createRelations, insertFacts, storedPredicates } from './facts.js';
import { lowerQuery } from './lower.js';
import { magicSets } from './magic.js';
import { normalize, type NProgram } from './normalize.js';
import { components } from './stratify.js';
import { storeViews, withViews } from './views.js';

/** One statement of a program's script (see the header). */
export type DatalogSyntax =
  | { readonly step: 'schema'; readonly program: NProgram }
  | { readonly step: 'facts'; readonly program: NProgram; readonly predicate: string }
  | { readonly step: 'query'; readonly program: NProgram; readonly query: number }
  | { readonly step: 'views'; readonly program: NProgram }
  | { readonly step: 'check'; readonly program: NProgram };

export interface DatalogOptions {
  /**
   * Rewrite a query that binds an argument of a recursive predicate with magic predicates
   * (magic.ts), so only the part of the relation the query can reach is computed. Default true.
   */
  readonly magicSets?: boolean;
}

/** datalogFrontEnd makes the front end; the default one (magic sets on) is `datalog`. */
export function datalogFrontEnd(options: DatalogOptions = {}): FrontEnd<DatalogSyntax> {
  const magic = options.magicSets ?? true;
  return {
    language: 'datalog',
    parse(text: string): DatalogSyntax[] {
      const program = normalize(parseDatalog(text));
      const out: DatalogSyntax[] = [];
      const asserted = [...new Set(program.facts.map((f) => f.atom.name))];
      const declaredOnly = [...program.declarations.keys()].some((d) => !program.rules.some((r) => r.head.name === d));
      if (asserted.length > 0 || declaredOnly) out.push({ step: 'schema', program });
      for (const predicate of asserted) out.push({ step: 'facts', program, predicate });
      if (program.views.length > 0) out.push({ step: 'views', program });
      program.queries.forEach((_, query) => out.push({ step: 'query', program, query }));
      if (out.length === 0) out.push({ step: 'check', program });
      return out;
    },
    lower(syntax: DatalogSyntax, ctx: LoweringContext): Statement {
      // The program's schema step comes before its facts steps in the same atomic run and has
      // checked it: checking again per asserted relation was a fifth of a large load.
      if (syntax.step === 'facts') return insertFacts(syntax.program, syntax.predicate, ctx.catalog);
      const checked = checkProgram(withViews(syntax.program, ctx.catalog), ctx.catalog);
      // Reject an unstratifiable program whichever statement comes first.
      components(checked.predicates, checked.predicates.keys());
      switch (syntax.step) {
        case 'check':
          return { kind: 'schema', description: 'datalog program (rules only)', apply: () => {} };
        case 'views':
          return storeViews(syntax.program);
        case 'schema':
          if (storedPredicates(checked).length === 0) return { kind: 'schema', description: 'datalog program', apply: () => {} };
          return createRelations(checked);
        case 'query': {
          const query = checked.program.queries[syntax.query];
          if (magic) {
            const rewritten = magicSets(checked, query);
            if (rewritten) return lowerQuery(rewritten.checked, rewritten.query, ctx.catalog);
          }
          return lowerQuery(checked, query, ctx.catalog);
        }
      }
    },
  };
}

/** The Datalog front end with default options. */
export const datalog: FrontEnd<DatalogSyntax> = datalogFrontEnd();
