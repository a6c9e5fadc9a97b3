/**
 * views.ts — rules kept in the store as named views.
 *
 * `.view tc` in a program keeps the rules defining `tc` — and those of every rule-defined
 * predicate they read, with their `.decl`s — as the text of a catalog relation of kind 'view'
 * named `tc` (options.datalog.rules). Nothing is materialized: a later program that reads
 * `tc` without defining it gets those rules added to its own before it is checked, so the
 * view is evaluated like any rule (stratified, semi-naive, magic sets for bound queries) over
 * the data as it is then. Defining the view again replaces it. A predicate the later program
 * defines itself keeps that program's rules only (the view's rules for it are not added).
 *
 * SQL sees such a relation as a view it cannot read (its query is Datalog, and front ends do
 * not call each other); it refuses it with a message naming db.datalog.
 */
import type { Catalog, SchemaStatement } from '../algebra/statement.js';
import { NameError } from '../common/errors.js';
import { parseDatalog } from '../../grammar/datalog/index.js';
import { printStatement } from '../../grammar/datalog/print.js';
import type * as ast from '../../grammar/datalog/ast.js';
import { bodyAtoms } from './check.js';
import { at } from './names.js';
import { normalize, type NProgram, type NRule } from './normalize.js';

/** The options of a relation of kind 'view' holding Datalog rules. */
interface DatalogView {
  readonly rules: string;
}

function storedView(name: string, catalog: Catalog): DatalogView | undefined {
  const relation = catalog.relation(name);
  if (relation?.kind !== 'view') return undefined;
  return (relation.options?.datalog as DatalogView | undefined) ?? undefined;
}

/** dependencies lists the rule-defined predicates `name` reads, transitively (itself first). */
function dependencies(name: string, rules: readonly NRule[]): string[] {
  const defined = new Set(rules.map((r) => r.head.name));
  const out = [name];
  for (let i = 0; i < out.length; i++) {
    for (const r of rules) {
      if (r.head.name !== out[i]) continue;
      for (const { atom } of bodyAtoms(r.body)) if (defined.has(atom.name) && !out.includes(atom.name)) out.push(atom.name);
    }
  }
  return out;
}

/** storeViews is the schema statement keeping the program's `.view` predicates. */
export function storeViews(program: NProgram): SchemaStatement {
  const texts = program.views.map((v) => {
    const own = program.rules.filter((r) => r.head.name === v.relation);
    if (own.length === 0) throw new NameError('UNKNOWN_NAME', `.view ${v.relation}: no rule of this program defines ${v.relation}`, at(v.span));
    const names = dependencies(v.relation, program.rules);
    const sources = new Set<ast.Rule>();
    for (const r of program.rules) if (names.includes(r.head.name) && r.source) sources.add(r.source);
    const decls = names.flatMap((n) => {
      const d = program.declarations.get(n);
      return d ? [printStatement(d)] : [];
    });
    const arity = own[0].head.args.length;
    const declared = program.declarations.get(v.relation);
    const columns = declared ? declared.attributes.map((a) => a.name) : Array.from({ length: arity }, (_, i) => `c${i}`);
    return { directive: v, rules: [...decls, ...[...sources].map(printStatement)].join('\n'), columns };
  });
  return {
    kind: 'schema',
    description: `datalog views ${program.views.map((v) => v.relation).join(', ')}`,
    apply(catalog: Catalog) {
      for (const { directive, rules, columns } of texts) {
        const existing = catalog.relation(directive.relation);
        if (existing && !storedView(directive.relation, catalog)) {
          throw new NameError('DUPLICATE_NAME', `cannot keep a view named ${directive.relation}: it is a stored ${existing.kind}`, at(directive.span));
        }
        if (existing) catalog.dropRelation(directive.relation);
        catalog.createRelation({
          name: directive.relation,
          kind: 'view',
          columns: columns.map((name) => ({ name, type: 'any', notNull: false })),
          primaryKey: null,
          options: { datalog: { rules } satisfies DatalogView },
        });
      }
    },
  };
}

/**
 * withViews adds to a program the stored rules of every view it reads without defining it
 * (and of the views those rules read).
 */
export function withViews(program: NProgram, catalog: Catalog): NProgram {
  const defined = new Set(program.rules.map((r) => r.head.name));
  const rules = [...program.rules];
  const declarations = new Map(program.declarations);
  const pending: string[] = [];
  for (const r of program.rules) for (const { atom } of bodyAtoms(r.body)) pending.push(atom.name);
  for (const q of program.queries) for (const body of q.bodies) for (const { atom } of bodyAtoms(body)) pending.push(atom.name);
  let added = false;
  while (pending.length) {
    const name = pending.pop() as string;
    if (defined.has(name)) continue;
    const view = storedView(name, catalog);
    if (!view) continue;
    const stored = normalize(parseDatalog(view.rules));
    for (const [n, d] of stored.declarations) if (!declarations.has(n)) declarations.set(n, d);
    const before = new Set(defined);
    for (const r of stored.rules) {
      if (before.has(r.head.name)) continue;
      rules.push(r);
      defined.add(r.head.name);
      for (const { atom } of bodyAtoms(r.body)) pending.push(atom.name);
    }
    added = true;
  }
  return added ? { ...program, rules, declarations } : program;
}
