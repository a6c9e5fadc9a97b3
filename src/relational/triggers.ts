/**
 * triggers.ts — CREATE TRIGGER and DROP TRIGGER, and the trigger actions a write carries.
 *
 * A trigger is kept, as the statement's text, in the SQL information of its table (so it is
 * dropped with the table and rolled back with the transaction). Each INSERT, UPDATE or DELETE
 * lowers the row triggers that its event fires (triggerActions) into the Write's
 * TriggerAction list: NEW and OLD are outer columns the Write binds per row, the WHEN clause
 * a plan that yields a row when the trigger fires, each body statement an ordinary plan (a
 * body write carries its own triggers). As in SQLite with recursive_triggers off, a trigger
 * already running is not fired again by its own body's writes; the newest trigger fires first.
 */
import * as b from '../algebra/build.js';
import type { Plan, TriggerAction } from '../algebra/logical.js';
import type { RelationDef, SchemaStatement, Statement } from '../algebra/statement.js';
import { NameError, PolyglotError, TypeMismatchError, UnsupportedError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type * as ast from '../../grammar/sql/ast.js';
import { parseSql } from '../../grammar/sql/index.js';
import { SubqueryHost, type SqlContext } from './context.js';
import { lowerDelete, lowerInsert, lowerUpdate } from './dml.js';
import { lowerExpr, truth } from './expressions.js';
import { sourceOf } from './fragment.js';
import { at, idKey, key, objectKey } from './names.js';
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
  // As SQLite, names in the body are resolved when the trigger fires (triggerActions), not now.
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

type Event = ast.CreateTrigger['event'];

/**
 * triggerActions lowers the row triggers on `rel` that a write fires: those of its event
 * (for UPDATE OF columns, when the UPDATE assigns one of them; `assigned` lists the assigned
 * column positions), newest first, except triggers already running (ctx.triggers).
 */
export function triggerActions(rel: RelationDef, event: Event, assigned: readonly number[], ctx: SqlContext): TriggerAction<Plan>[] {
  const stored = tableInfo(rel).triggers ?? [];
  const out: TriggerAction<Plan>[] = [];
  for (let i = stored.length - 1; i >= 0; i--) {
    const name = key(stored[i].name);
    if (ctx.triggers?.includes(name)) continue;
    const [s] = parseSql(stored[i].text) as ast.CreateTrigger[];
    if (s.event !== event) continue;
    if (event === 'UPDATE' && s.columns.length && !s.columns.some((c) => assigned.some((p) => key(rel.columns[p].name) === idKey(c)))) continue;
    out.push(inTrigger(stored[i].name, () => lowerAction(s, rel, { ...ctx, text: stored[i].text, triggers: [...(ctx.triggers ?? []), name] })));
  }
  return out;
}

/** inTrigger names the trigger in an error found lowering its body (a position would point into the trigger's text, not the statement's). */
function inTrigger<T>(name: string, lower: () => T): T {
  try {
    return lower();
  } catch (e) {
    if (!(e instanceof PolyglotError) || e.message.includes(' (in trigger ')) throw e;
    const place = e.line !== undefined ? `, line ${e.line}, column ${e.column}` : '';
    const message = e.line !== undefined ? e.message.replace(/ \(line \d+, column \d+\)$/, '') : e.message;
    throw new PolyglotError(e.code, `${message} (in trigger ${name}${place})`);
  }
}

/** lowerAction lowers one trigger's WHEN and body over NEW and OLD columns of `rel`. */
function lowerAction(s: ast.CreateTrigger, rel: RelationDef, ctx: SqlContext): TriggerAction<Plan> {
  const bind = (table: 'new' | 'old') => rel.columns.map((c) => ({ table, name: c.name, column: ctx.alloc.column(`${table}.${c.name}`, c.type), star: false, merged: true }));
  const newRow = s.event !== 'DELETE' ? bind('new') : [];
  const oldRow = s.event !== 'INSERT' ? bind('old') : [];
  // NEW.x and OLD.x are reachable only qualified (entries marked merged).
  const scope = new Scope([...newRow, ...oldRow]);
  let when: Plan | null = null;
  if (s.when) {
    const host = new SubqueryHost();
    const cond = truth(lowerExpr(s.when, exprEnv(ctx, scope, host, null, new Map())));
    when = b.filter(host.wrap(b.values([], [[]])), cond);
  }
  const body = s.body.map((statement): Plan => {
    switch (statement.kind) {
      case 'Query':
        return lowerQuery(statement, ctx, scope, new Map()).plan;
      case 'Insert':
        return lowerInsert(statement, ctx, scope).plan;
      case 'Update':
        return lowerUpdate(statement, ctx, scope).plan;
      case 'Delete':
        return lowerDelete(statement, ctx, scope).plan;
      default:
        throw new UnsupportedError(`a trigger body holds INSERT, UPDATE, DELETE and SELECT statements, not ${statement.kind}`, at(statement.span));
    }
  });
  return {
    name: s.name.name.name,
    timing: s.timing === 'AFTER' ? 'after' : 'before',
    old: oldRow.map((e) => e.column),
    new: newRow.map((e) => e.column),
    when,
    body,
  };
}
