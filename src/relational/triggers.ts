/**
 * triggers.ts — CREATE TRIGGER and DROP TRIGGER.
 *
 * A trigger is kept, as the statement's text, in the SQL information of its table (so it is
 * dropped with the table and rolled back with the transaction). Only triggers whose body
 * reads (SELECT statements, no RAISE) are accepted: firing such a trigger can change nothing,
 * so keeping it without running it is exact. A trigger whose body writes is refused rather
 * than kept and silently never fired.
 */
import type { RelationDef, SchemaStatement, Statement } from '../algebra/statement.js';
import { NameError, TypeMismatchError, UnsupportedError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type * as ast from '../../grammar/sql/ast.js';
import type { SqlContext } from './context.js';
import { lowerExpr } from './expressions.js';
import { sourceOf } from './fragment.js';
import { at, key, objectKey } from './names.js';
import { exprEnv, lowerQuery } from './query.js';
import { Scope } from './scope.js';
import { tableInfo } from './table-info.js';

function schema(description: string, apply: SchemaStatement['apply']): SchemaStatement {
  return { kind: 'schema', description, apply };
}

/** ownerOf finds the table holding trigger `name`. */
function ownerOf(relations: RelationDef[], name: string): RelationDef | undefined {
  return relations.find((r) => r.kind === 'table' && tableInfo(r).triggers?.some((t) => key(t.name) === name));
}

export function lowerCreateTrigger(s: ast.CreateTrigger, ctx: SqlContext): Statement {
  const name = objectKey(s.name);
  const table = objectKey(s.table);
  const rel = ctx.catalog.relation(table);
  if (!rel || rel.kind !== 'table') {
    if (rel?.kind === 'view' && s.timing !== 'INSTEAD OF') throw new TypeMismatchError(`cannot create ${s.timing ?? 'BEFORE'} trigger on view: ${s.table.name.name}`, at(s.table.span));
    if (rel?.kind === 'view') throw new UnsupportedError('INSTEAD OF triggers are not supported yet', at(s.span));
    throw new NameError('UNKNOWN_NAME', `no such table: ${s.table.name.name}${didYouMean(table, ctx.catalog.relations().map((r) => r.name))}`, at(s.table.span));
  }
  if (s.timing === 'INSTEAD OF') throw new TypeMismatchError(`cannot create INSTEAD OF trigger on table: ${s.table.name.name}`, at(s.span));
  if (ownerOf(ctx.catalog.relations(), name)) {
    if (s.ifNotExists) return schema(`CREATE TRIGGER ${name} (exists)`, () => {});
    throw new NameError('DUPLICATE_NAME', `trigger ${s.name.name.name} already exists`, at(s.name.span));
  }
  // NEW and OLD are the row's columns, where the event has them.
  const columns = rel.columns.map((c) => ({ name: c.name, type: c.type }));
  const rows = [...(s.event !== 'DELETE' ? ['new'] : []), ...(s.event !== 'INSERT' ? ['old'] : [])];
  const scope = new Scope(rows.flatMap((table) => columns.map((c) => ({ table, name: c.name, column: ctx.alloc.column(c.name, c.type), star: false, merged: true }))));
  if (s.when) lowerExpr(s.when, exprEnv(ctx, scope, null, null, new Map()));
  for (const statement of s.body) {
    if (statement.kind !== 'Query') {
      throw new UnsupportedError(`triggers whose body writes (${statement.kind.toUpperCase()}) are not supported yet`, at(statement.span));
    }
    lowerQuery(statement, ctx, scope, new Map());
  }
  const text = sourceOf(ctx, s);
  return schema(`CREATE TRIGGER ${name}`, (catalog) => {
    const current = catalog.relation(table)!;
    const info = tableInfo(current);
    const sql = { ...info, triggers: [...(info.triggers ?? []), { name: s.name.name.name, text }] };
    catalog.alterRelation(table, { kind: 'options' }, { ...current.options, sql });
  });
}

/** dropTriggers is DROP TRIGGER for each name (lowerDrop checked that they exist unless IF EXISTS). */
export function dropTrigger(s: ast.Drop, ctx: SqlContext): Statement {
  const names = s.names.map(objectKey);
  names.forEach((n, i) => {
    if (!ownerOf(ctx.catalog.relations(), n) && !s.ifExists) throw new NameError('UNKNOWN_NAME', `no such trigger: ${s.names[i].name.name}`, at(s.names[i].span));
  });
  return schema(`DROP TRIGGER ${names.join(', ')}`, (catalog) => {
    for (const n of names) {
      const owner = ownerOf(catalog.relations(), n);
      if (!owner) continue;
      const info = tableInfo(owner);
      const sql = { ...info, triggers: (info.triggers ?? []).filter((t) => key(t.name) !== n) };
      catalog.alterRelation(owner.name, { kind: 'options' }, { ...owner.options, sql });
    }
  });
}
