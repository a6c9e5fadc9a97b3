/**
 * The relational front end: SQL text → AST (grammar/sql) → Statement (logical plans and
 * catalog operations). Everything after that is the shared engine's.
 */
import { ColumnAllocator } from '../algebra/columns.js';
import type { FrontEnd, LoweringContext, QueryStatement, Statement } from '../algebra/statement.js';
import { mentionsParam } from '../algebra/visit.js';
import { isCounterParam } from '../common/counters.js';
import type { Isolation } from '../algebra/statement.js';
import { NameError, UnsupportedError } from '../common/errors.js';
import type * as ast from '../../grammar/sql/ast.js';
import { parseSql } from '../../grammar/sql/index.js';
import { lowerAlterTable } from './alter.js';
import type { SqlContext } from './context.js';
import { lowerCreateIndex, lowerCreateTable, lowerCreateView, lowerDrop } from './ddl.js';
import { lowerDelete, lowerInsert, lowerUpdate } from './dml.js';
import { at } from './names.js';
import { bindSqlParams } from './params.js';
import { lowerPragma } from './pragma.js';
import { lowerQuery } from './query.js';
import { lowerCreateTrigger } from './triggers.js';

/** One parsed statement with the script it came from (result column names are taken from the text). */
export interface SqlSyntax {
  statement: ast.Statement;
  text: string;
}

const ISOLATION: Record<ast.IsolationLevel, Isolation> = {
  SERIALIZABLE: 'serializable',
  'REPEATABLE READ': 'snapshot',
  SNAPSHOT: 'snapshot',
  'READ COMMITTED': 'read-committed',
  'READ UNCOMMITTED': 'read-committed',
};

function lowerStatement(s: ast.Statement, ctx: SqlContext): Statement {
  switch (s.kind) {
    case 'Query': {
      const q = lowerQuery(s, ctx, null, new Map());
      return { kind: 'query', plan: q.plan, alloc: ctx.alloc, columns: q.names, returnsRows: true, explain: null };
    }
    case 'Insert':
      return countingChanges(lowerInsert(s, ctx));
    case 'Update':
      return countingChanges(lowerUpdate(s, ctx));
    case 'Delete':
      return countingChanges(lowerDelete(s, ctx));
    case 'CreateTable':
      return lowerCreateTable(s, ctx);
    case 'CreateIndex':
      return lowerCreateIndex(s, ctx);
    case 'CreateView':
      return lowerCreateView(s, ctx);
    case 'Drop':
      return lowerDrop(s, ctx);
    case 'Explain': {
      const inner = lowerStatement(s.statement, ctx);
      if (inner.kind !== 'query') throw new UnsupportedError('EXPLAIN needs a query or a write statement', at(s.span));
      return { ...inner, explain: s.analyze ? 'analyze' : 'plan' };
    }
    case 'Begin':
      return { kind: 'transaction', action: 'begin', isolation: s.isolation ? ISOLATION[s.isolation] : undefined };
    case 'Commit':
      return { kind: 'transaction', action: 'commit' };
    case 'Rollback':
      return s.savepoint ? { kind: 'transaction', action: 'rollback-to', name: s.savepoint.name } : { kind: 'transaction', action: 'rollback' };
    case 'Savepoint':
      return { kind: 'transaction', action: 'savepoint', name: s.name.name };
    case 'Release':
      return { kind: 'transaction', action: 'release', name: s.name.name };
    case 'Reindex': {
      const target = s.target ? s.target.name.name.toLowerCase() : null;
      if (target && !ctx.catalog.relation(target) && !ctx.catalog.relations().some((r) => r.indexes.some((i) => i.name.toLowerCase() === target))) {
        throw new NameError('UNKNOWN_NAME', `unable to identify the object to be reindexed: ${s.target!.name.name}`, at(s.target!.span));
      }
      return { kind: 'schema', description: 'REINDEX', apply: () => {} };
    }
    case 'Analyze':
    case 'Vacuum':
      // Statistics and indexes are kept current on every commit; there is nothing to rebuild.
      return { kind: 'schema', description: s.kind.toUpperCase(), apply: () => {} };
    case 'Pragma':
      return lowerPragma(s, ctx);
    case 'AlterTable':
      return lowerAlterTable(s, ctx);
    case 'CreateTrigger':
      return lowerCreateTrigger(s, ctx);
  }
}

/** countingChanges marks an INSERT, UPDATE or DELETE as one whose changes the database counts (changes(), last_insert_rowid()). */
function countingChanges(s: QueryStatement): QueryStatement {
  return { ...s, countsChanges: true };
}

/** withSqlBinding marks every plan the statement runs to take its parameters as SQLite binds them (and to read the counters where it does). */
function withSqlBinding(s: Statement): Statement {
  const bind = (q: QueryStatement): QueryStatement => ({ ...q, bindParams: bindSqlParams, readsCounters: mentionsParam(q.plan, isCounterParam) });
  if (s.kind === 'query') return bind(s);
  if (s.kind === 'schema' && s.then) {
    const then = s.then;
    return { ...s, then: (ctx) => bind(then(ctx)) };
  }
  return s;
}

export const sqlFrontEnd: FrontEnd<SqlSyntax> = {
  language: 'sql',
  parse(text: string): SqlSyntax[] {
    return parseSql(text).map((statement) => ({ statement, text }));
  },
  lower(syntax: SqlSyntax, lowering: LoweringContext): Statement {
    const ctx: SqlContext = { lowering, catalog: lowering.catalog, alloc: new ColumnAllocator(), text: syntax.text };
    return withSqlBinding(lowerStatement(syntax.statement, ctx));
  },
};
