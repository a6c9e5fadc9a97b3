/**
 * facts.ts — storing a program's facts: the relations they need (kind 'datalog', every column
 * in the primary key, so a relation is a set and asserting a fact twice keeps one copy) and
 * the writes that insert them.
 *
 * A rule may bind any argument of an atom first (`within(L, B)` read by its parent B in a
 * closure, `location(C, "Oceania", _)` by its name), so every column leads some key: the
 * primary key starts with the first, and a secondary index on columns i… (the primary key
 * follows in the index key) starts with each other one. An index of a whole-row key is read
 * from its keys alone, so a lookup on any column is one range scan, as RDF's SPOG/POSG/OSPG.
 */
import { ColumnAllocator } from '../algebra/columns.js';
import { call, col, lit } from '../algebra/expr.js';
import * as b from '../algebra/build.js';
import type { Catalog, QueryStatement, SchemaStatement } from '../algebra/statement.js';
import { NameError, TypeMismatchError } from '../common/errors.js';
import type { Value, ValueType } from '../common/values.js';
import type * as ast from '../../grammar/datalog/ast.js';
import type { CheckedProgram, PredicateInfo } from './check.js';
import { columnNames, columnTypes } from './lower.js';
import type { NProgram } from './normalize.js';
import { at } from './names.js';
import { constantValue } from './terms.js';

/** storedPredicates lists the predicates whose rows this program stores: asserted, or declared without rules. */
export function storedPredicates(checked: CheckedProgram): PredicateInfo[] {
  const asserted = new Set(checked.program.facts.map((f) => f.atom.name));
  return [...checked.predicates.values()].filter((p) => asserted.has(p.name) || (p.declaration !== undefined && p.rules.length === 0));
}

/** createRelations is the schema statement creating the Datalog relations the program stores. */
export function createRelations(checked: CheckedProgram): SchemaStatement {
  const wanted = storedPredicates(checked);
  return {
    kind: 'schema',
    description: `datalog relations ${wanted.map((p) => p.name).join(', ')}`,
    apply(catalog: Catalog) {
      for (const p of wanted) {
        if (catalog.relation(p.name)) continue;
        const types = columnTypes(p);
        catalog.createRelation({
          name: p.name,
          kind: 'datalog',
          columns: columnNames(p).map((name, i) => ({ name, type: types[i], notNull: true })),
          primaryKey: types.map((_, i) => i),
          options: { datalog: { declared: p.declaration !== undefined } },
        });
        const names = columnNames(p);
        for (let i = 1; i < types.length; i++) catalog.createIndex(p.name, { name: `${p.name}_by_${names[i]}`, columns: types.map((_, k) => k).slice(i) });
      }
    },
  };
}

/**
 * insertFacts is the write statement storing the program's facts of one predicate. The rows are
 * one list literal unnested (as an RDF load's batch, triples/layout.ts), not an inline table of
 * one literal per value: 100,000 facts are then a plan of five nodes that the optimizer's passes
 * and the executor's compiler cross in constant time.
 */
export function insertFacts(program: NProgram, name: string, catalog: Catalog): QueryStatement {
  const relation = catalog.relation(name);
  if (!relation) throw new Error(`datalog: relation ${name} was not created`);
  const alloc = new ColumnAllocator();
  const columns = relation.columns.map((c) => alloc.column(c.name, c.type));
  const facts = factsByPredicate(program).get(name) ?? [];
  const types = relation.columns.map((c) => c.type);
  const rows = new Array<Value[]>(facts.length);
  for (let k = 0; k < facts.length; k++) {
    const args = facts[k].atom.args;
    const row = new Array<Value>(args.length);
    for (let i = 0; i < args.length; i++) row[i] = factValue(args[i], types[i], relation.columns[i].name, name);
    rows[k] = row;
  }
  const list = alloc.column('facts', 'any');
  const fact = alloc.column('fact', 'any');
  const unnested = b.unnest(b.values([list], [[lit(rows, 'any')]]), col(list), fact, null, false);
  const parts = columns.map((column, i) => ({ column, expr: call('list_at', [col(fact), lit(i)]) }));
  const plan = b.write('insert', relation, b.project(b.extend(unnested, parts), columns), [], 'ignore');
  return { kind: 'query', plan, alloc, columns: relation.columns.map((c) => c.name), returnsRows: false, explain: null };
}

const grouped = new WeakMap<NProgram, Map<string, ast.Fact[]>>();

/** factsByPredicate groups a program's facts by predicate, once per program (a load asserts into several). */
function factsByPredicate(program: NProgram): Map<string, ast.Fact[]> {
  let groups = grouped.get(program);
  if (groups === undefined) {
    groups = new Map();
    for (const f of program.facts) {
      const list = groups.get(f.atom.name);
      if (list === undefined) groups.set(f.atom.name, [f]);
      else list.push(f);
    }
    grouped.set(program, groups);
  }
  return groups;
}

function factValue(t: ast.Term, type: ValueType, column: string, relation: string): Value {
  const v = constantValue(t);
  if (v === undefined) {
    if (t.kind === 'Variable' || t.kind === 'Anonymous') {
      throw new NameError('UNKNOWN_NAME', `a fact must be ground: ${t.kind === 'Variable' ? t.name : '_'} is a variable`, at(t.span));
    }
    throw new TypeMismatchError('a fact’s arguments must be constants', at(t.span));
  }
  const ok =
    type === 'any' ||
    (type === 'text' && typeof v === 'string') ||
    (type === 'integer' && (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) ||
    (type === 'real' && (typeof v === 'number' || typeof v === 'bigint'));
  if (!ok) throw new TypeMismatchError(`${relation}.${column} is declared ${type === 'text' ? 'a symbol' : `a ${type === 'integer' ? 'number' : 'float'}`}; got ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}`, at(t.span));
  return v;
}
