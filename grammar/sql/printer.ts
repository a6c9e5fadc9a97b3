/**
 * printer.ts — `printSql`: SQL text from the AST, such that parsing it gives the same AST
 * (spans aside). Used for round-trip tests, debugging and messages.
 *
 * Canonical rather than pretty: every compound expression is parenthesized, so precedence
 * never depends on the printer; keywords are upper case; `?` parameters are printed with
 * their number (`?3`) so the numbering survives any reordering (SQLite's `LIMIT a, b`
 * becomes `LIMIT b OFFSET a`). Switches over `kind` are exhaustive: a new node kind does not
 * compile until it is printed.
 */
import type {
  AlterAction,
  ColumnConstraint,
  ColumnDef,
  Expr,
  ForeignKeyClause,
  FrameBound,
  Identifier,
  ObjectName,
  OrderItem,
  Query,
  QueryBody,
  SelectItem,
  Statement,
  TableConstraint,
  TableRef,
  TypeName,
  WindowSpec,
  WithClause,
} from './ast.js';

/** SQL text for one statement or a script of statements (joined by `;\n`). */
export function printSql(ast: Statement | Statement[]): string {
  return Array.isArray(ast) ? ast.map(statement).join(';\n') : statement(ast);
}

/** SQL text for one expression. */
export function printExpr(e: Expr): string {
  return expr(e);
}

const list = <T>(xs: T[], f: (x: T) => string): string => xs.map(f).join(', ');
const opt = (s: string | null | false | undefined): string => (s ? ` ${s}` : '');

function name(id: Identifier): string {
  return id.quoted ? `"${id.name.replace(/"/g, '""')}"` : id.name;
}

function objectName(n: ObjectName): string {
  return n.schema === null ? name(n.name) : `${name(n.schema)}.${name(n.name)}`;
}

function names(ids: Identifier[]): string {
  return `(${list(ids, name)})`;
}

function typeName(t: TypeName): string {
  const args = t.args.length > 0 ? `(${t.args.join(', ')})` : '';
  return `${t.words.map(name).join(' ')}${args}${'[]'.repeat(t.arrayDims)}`;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0').toUpperCase();
  return s;
}

// =======================================================================================
// Expressions

function expr(e: Expr): string {
  switch (e.kind) {
    case 'Literal':
      switch (e.type) {
        case 'integer':
        case 'real':
          return e.raw;
        case 'string':
          return `'${e.value.replace(/'/g, "''")}'`;
        case 'blob':
          return `X'${hex(e.value)}'`;
        case 'null':
          return 'NULL';
        case 'boolean':
          return e.value ? 'TRUE' : 'FALSE';
        case 'current_date':
        case 'current_time':
        case 'current_timestamp':
          return e.type.toUpperCase();
      }
      break;
    case 'ColumnRef':
      return [e.schema, e.table, e.column].filter((x): x is Identifier => x !== null).map(name).join('.');
    case 'Parameter':
      return e.name === null && e.raw.startsWith('?') ? `?${e.index}` : e.raw;
    case 'Unary':
      return `(${e.op} ${expr(e.operand)})`;
    case 'Binary':
      return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
    case 'IsNull':
      return `(${expr(e.operand)} IS ${e.not ? 'NOT ' : ''}NULL)`;
    case 'Between':
      return `(${expr(e.operand)} ${e.not ? 'NOT ' : ''}BETWEEN ${expr(e.low)} AND ${expr(e.high)})`;
    case 'InList':
      return `(${expr(e.operand)} ${e.not ? 'NOT ' : ''}IN (${list(e.list, expr)}))`;
    case 'InSubquery':
      return `(${expr(e.operand)} ${e.not ? 'NOT ' : ''}IN (${query(e.query)}))`;
    case 'InTable':
      return `(${expr(e.operand)} ${e.not ? 'NOT ' : ''}IN ${objectName(e.table)})`;
    case 'Like':
      return `(${expr(e.operand)} ${e.not ? 'NOT ' : ''}${e.op} ${expr(e.pattern)}${e.escape ? ` ESCAPE ${expr(e.escape)}` : ''})`;
    case 'Collate':
      return `(${expr(e.operand)} COLLATE ${name(e.collation)})`;
    case 'Cast':
      return e.syntax === 'cast' ? `CAST(${expr(e.operand)} AS ${typeName(e.type)})` : `(${expr(e.operand)}::${typeName(e.type)})`;
    case 'FunctionCall': {
      const inner = e.star
        ? '*'
        : `${e.distinct ? 'DISTINCT ' : ''}${list(e.args, expr)}${e.orderBy.length > 0 ? ` ORDER BY ${list(e.orderBy, orderItem)}` : ''}`;
      const filter = e.filter ? ` FILTER (WHERE ${expr(e.filter)})` : '';
      const over = e.over === null ? '' : ` OVER ${e.over.kind === 'Identifier' ? name(e.over) : windowSpec(e.over)}`;
      return `${name(e.name)}(${inner})${filter}${over}`;
    }
    case 'Case': {
      const whens = e.whens.map((w) => ` WHEN ${expr(w.when)} THEN ${expr(w.then)}`).join('');
      return `CASE${e.operand ? ` ${expr(e.operand)}` : ''}${whens}${e.else ? ` ELSE ${expr(e.else)}` : ''} END`;
    }
    case 'Exists':
      return `EXISTS (${query(e.query)})`;
    case 'Subquery':
      return `(${query(e.query)})`;
    case 'Row':
      return `(${list(e.items, expr)})`;
    case 'Quantified':
      return `(${expr(e.left)} ${e.op} ${e.quantifier} (${query(e.query)}))`;
    case 'Array':
      return `ARRAY[${list(e.items, expr)}]`;
    case 'Raise':
      return `RAISE(${e.action}${e.message ? `, ${expr(e.message)}` : ''})`;
  }
  throw new Error(`unprintable expression ${(e as Expr).kind}`);
}

function orderItem(o: OrderItem): string {
  return `${expr(o.expr)}${opt(o.direction)}${o.nulls ? ` NULLS ${o.nulls}` : ''}`;
}

function windowSpec(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.base) parts.push(name(w.base));
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${list(w.partitionBy, expr)}`);
  if (w.orderBy.length > 0) parts.push(`ORDER BY ${list(w.orderBy, orderItem)}`);
  if (w.frame) {
    const f = w.frame;
    const extent = f.end ? `BETWEEN ${frameBound(f.start)} AND ${frameBound(f.end)}` : frameBound(f.start);
    parts.push(`${f.units} ${extent}${f.exclude ? ` EXCLUDE ${f.exclude}` : ''}`);
  }
  return `(${parts.join(' ')})`;
}

function frameBound(b: FrameBound): string {
  return b.offset === null ? b.type : `${expr(b.offset)} ${b.type}`;
}

// =======================================================================================
// Queries

function query(q: Query): string {
  let s = `${withClause(q.with)}${queryBody(q.body)}`;
  if (q.orderBy.length > 0) s += ` ORDER BY ${list(q.orderBy, orderItem)}`;
  if (q.limit) s += ` LIMIT ${expr(q.limit)}`;
  if (q.offset) s += ` OFFSET ${expr(q.offset)}`;
  return s;
}

function withClause(w: WithClause | null): string {
  if (w === null) return '';
  const ctes = w.ctes.map((c) => {
    const m = c.materialized === null ? '' : c.materialized ? 'MATERIALIZED ' : 'NOT MATERIALIZED ';
    return `${name(c.name)}${c.columns.length > 0 ? ` ${names(c.columns)}` : ''} AS ${m}(${query(c.query)})`;
  });
  return `WITH ${w.recursive ? 'RECURSIVE ' : ''}${ctes.join(', ')} `;
}

function queryBody(b: QueryBody): string {
  switch (b.kind) {
    case 'Select': {
      let s = `SELECT ${b.distinct ? 'DISTINCT ' : ''}${list(b.columns, selectItem)}`;
      if (b.from) s += ` FROM ${tableRef(b.from)}`;
      if (b.where) s += ` WHERE ${expr(b.where)}`;
      if (b.groupBy.length > 0) s += ` GROUP BY ${list(b.groupBy, expr)}`;
      if (b.having) s += ` HAVING ${expr(b.having)}`;
      if (b.windows.length > 0) s += ` WINDOW ${list(b.windows, (w) => `${name(w.name)} AS ${windowSpec(w.spec)}`)}`;
      return s;
    }
    case 'Values':
      return `VALUES ${list(b.rows, (r) => `(${list(r, expr)})`)}`;
    case 'SetOperation': {
      // Left-associative: only a compound on the right needs parentheses (a Query has its own).
      const right = b.right.kind === 'SetOperation' ? `(${queryBody(b.right)})` : queryBody(b.right);
      return `${queryBody(b.left)} ${b.op}${b.all ? ' ALL' : ''} ${right}`;
    }
    case 'Query':
      return `(${query(b)})`;
  }
}

function selectItem(i: SelectItem): string {
  if (i.kind === 'SelectStar') {
    return [i.schema, i.table].filter((x): x is Identifier => x !== null).map((x) => `${name(x)}.`).join('') + '*';
  }
  return `${expr(i.expr)}${i.alias ? ` AS ${name(i.alias)}` : ''}`;
}

function alias(a: Identifier | null, columns: Identifier[] = []): string {
  return `${a ? ` AS ${name(a)}` : ''}${columns.length > 0 ? ` ${names(columns)}` : ''}`;
}

function tableRef(t: TableRef): string {
  switch (t.kind) {
    case 'TableName':
      return `${objectName(t.name)}${alias(t.alias)}${t.indexedBy ? ` INDEXED BY ${name(t.indexedBy)}` : ''}${t.notIndexed ? ' NOT INDEXED' : ''}`;
    case 'SubqueryRef':
      return `(${query(t.query)})${alias(t.alias, t.columnAliases)}`;
    case 'TableFunction':
      return `${objectName(t.name)}(${list(t.args, expr)})${alias(t.alias, t.columnAliases)}`;
    case 'Join': {
      const right = t.right.kind === 'Join' ? `(${tableRef(t.right)})` : tableRef(t.right);
      if (t.joinType === 'COMMA') return `${tableRef(t.left)}, ${right}`;
      const op = `${t.natural ? 'NATURAL ' : ''}${t.joinType} JOIN`;
      const on = t.on ? ` ON ${expr(t.on)}` : t.using ? ` USING ${names(t.using)}` : '';
      return `${tableRef(t.left)} ${op} ${right}${on}`;
    }
  }
}

// =======================================================================================
// Statements

function statement(s: Statement): string {
  switch (s.kind) {
    case 'Query':
      return query(s);
    case 'Insert': {
      const head = `${withClause(s.with)}INSERT${s.orAction ? ` OR ${s.orAction}` : ''} INTO ${objectName(s.table)}${s.alias ? ` AS ${name(s.alias)}` : ''}`;
      const cols = s.columns.length > 0 ? ` ${names(s.columns)}` : '';
      const source = s.source === null ? ' DEFAULT VALUES' : ` ${query(s.source)}`;
      const upserts = s.onConflict
        .map((c) => {
          const target = c.constraint
            ? ` ON CONSTRAINT ${name(c.constraint)}`
            : c.target.length > 0
              ? ` (${list(c.target, orderItem)})${c.targetWhere ? ` WHERE ${expr(c.targetWhere)}` : ''}`
              : '';
          const action =
            c.action === 'NOTHING'
              ? 'NOTHING'
              : `UPDATE SET ${assignments(c.assignments)}${c.where ? ` WHERE ${expr(c.where)}` : ''}`;
          return ` ON CONFLICT${target} DO ${action}`;
        })
        .join('');
      return `${head}${cols}${source}${upserts}${returning(s.returning)}`;
    }
    case 'Update': {
      let out = `${withClause(s.with)}UPDATE${s.orAction ? ` OR ${s.orAction}` : ''} ${objectName(s.table)}${alias(s.alias)}`;
      out += ` SET ${assignments(s.assignments)}`;
      if (s.from) out += ` FROM ${tableRef(s.from)}`;
      if (s.where) out += ` WHERE ${expr(s.where)}`;
      return out + returning(s.returning);
    }
    case 'Delete':
      return `${withClause(s.with)}DELETE FROM ${objectName(s.table)}${alias(s.alias)}${s.where ? ` WHERE ${expr(s.where)}` : ''}${returning(s.returning)}`;
    case 'CreateTable': {
      const head = `CREATE ${s.temporary ? 'TEMP ' : ''}TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${objectName(s.name)}`;
      if (s.as) return `${head} AS ${query(s.as)}`;
      const elements = [...s.columns.map(columnDef), ...s.constraints.map(tableConstraint)];
      const options = [s.withoutRowid ? 'WITHOUT ROWID' : '', s.strict ? 'STRICT' : ''].filter((x) => x !== '');
      return `${head} (${elements.join(', ')})${options.length > 0 ? ` ${options.join(', ')}` : ''}`;
    }
    case 'CreateIndex':
      return `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${objectName(s.name)} ON ${objectName(s.table)} (${list(s.columns, orderItem)})${s.where ? ` WHERE ${expr(s.where)}` : ''}`;
    case 'CreateView':
      return `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}${s.temporary ? 'TEMP ' : ''}VIEW ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${objectName(s.name)}${s.columns.length > 0 ? ` ${names(s.columns)}` : ''} AS ${query(s.query)}`;
    case 'CreateTrigger': {
      const event = `${s.event}${s.columns.length > 0 ? ` OF ${list(s.columns, name)}` : ''}`;
      const body = s.body.map((b) => `${statement(b)}; `).join('');
      return `CREATE ${s.temporary ? 'TEMP ' : ''}TRIGGER ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${objectName(s.name)}${opt(s.timing)} ${event} ON ${objectName(s.table)}${s.forEachRow ? ' FOR EACH ROW' : ''}${s.when ? ` WHEN ${expr(s.when)}` : ''} BEGIN ${body}END`;
    }
    case 'Drop':
      return `DROP ${s.objectType} ${s.ifExists ? 'IF EXISTS ' : ''}${list(s.names, objectName)}${opt(s.behavior)}`;
    case 'AlterTable':
      return `ALTER TABLE ${objectName(s.table)} ${alterAction(s.action)}`;
    case 'Begin': {
      const modes = [
        s.isolation ? `ISOLATION LEVEL ${s.isolation}` : '',
        s.readOnly === null ? '' : s.readOnly ? 'READ ONLY' : 'READ WRITE',
      ].filter((m) => m !== '');
      return `BEGIN${opt(s.mode)} TRANSACTION${modes.length > 0 ? ` ${modes.join(', ')}` : ''}`;
    }
    case 'Commit':
      return 'COMMIT';
    case 'Rollback':
      return `ROLLBACK${s.savepoint ? ` TO SAVEPOINT ${name(s.savepoint)}` : ''}`;
    case 'Savepoint':
      return `SAVEPOINT ${name(s.name)}`;
    case 'Release':
      return `RELEASE SAVEPOINT ${name(s.name)}`;
    case 'Explain':
      return `EXPLAIN${s.analyze ? ' ANALYZE' : ''}${s.queryPlan ? ' QUERY PLAN' : ''} ${statement(s.statement)}`;
    case 'Analyze':
      return `ANALYZE${s.target ? ` ${objectName(s.target)}` : ''}`;
    case 'Reindex':
      return `REINDEX${s.target ? ` ${objectName(s.target)}` : ''}`;
    case 'Vacuum':
      return `VACUUM${s.schema ? ` ${name(s.schema)}` : ''}`;
    case 'Pragma':
      return `PRAGMA ${objectName(s.name)}${s.value === null ? '' : ` = ${s.value.kind === 'Identifier' ? name(s.value) : expr(s.value)}`}`;
  }
}

function assignments(list_: { columns: Identifier[]; tuple: boolean; value: Expr }[]): string {
  return list(list_, (a) => `${a.tuple ? names(a.columns) : name(a.columns[0])} = ${expr(a.value)}`);
}

function returning(items: SelectItem[] | null): string {
  return items === null ? '' : ` RETURNING ${list(items, selectItem)}`;
}

function constraintName(n: Identifier | null): string {
  return n === null ? '' : `CONSTRAINT ${name(n)} `;
}

function onConflict(a: string | null): string {
  return a === null ? '' : ` ON CONFLICT ${a}`;
}

function columnDef(c: ColumnDef): string {
  return `${name(c.name)}${c.type ? ` ${typeName(c.type)}` : ''}${c.constraints.map((k) => ` ${columnConstraint(k)}`).join('')}`;
}

function columnConstraint(c: ColumnConstraint): string {
  const n = constraintName(c.name);
  switch (c.kind) {
    case 'PrimaryKey':
      return `${n}PRIMARY KEY${opt(c.direction)}${onConflict(c.onConflict)}${c.autoincrement ? ' AUTOINCREMENT' : ''}`;
    case 'NotNull':
      return `${n}NOT NULL${onConflict(c.onConflict)}`;
    case 'Null':
      return `${n}NULL`;
    case 'Unique':
      return `${n}UNIQUE${onConflict(c.onConflict)}`;
    case 'Check':
      return `${n}CHECK (${expr(c.expr)})`;
    case 'Default':
      // Every printed expression is a primary or parenthesized, as DEFAULT requires.
      return `${n}DEFAULT ${expr(c.expr)}`;
    case 'References':
      return `${n}${foreignKey(c.references)}`;
    case 'Collate':
      return `${n}COLLATE ${name(c.collation)}`;
    case 'Generated':
      return `${n}GENERATED ALWAYS AS (${expr(c.expr)})${c.stored ? ' STORED' : ''}`;
    case 'Identity':
      return `${n}GENERATED ${c.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  }
}

function foreignKey(f: ForeignKeyClause): string {
  return `REFERENCES ${objectName(f.table)}${f.columns.length > 0 ? ` ${names(f.columns)}` : ''}${f.onDelete ? ` ON DELETE ${f.onDelete}` : ''}${f.onUpdate ? ` ON UPDATE ${f.onUpdate}` : ''}${f.deferred ? ' DEFERRABLE INITIALLY DEFERRED' : ''}`;
}

function tableConstraint(c: TableConstraint): string {
  const n = constraintName(c.name);
  switch (c.kind) {
    case 'TablePrimaryKey':
      return `${n}PRIMARY KEY (${list(c.columns, orderItem)})${onConflict(c.onConflict)}`;
    case 'TableUnique':
      return `${n}UNIQUE (${list(c.columns, orderItem)})${onConflict(c.onConflict)}`;
    case 'TableCheck':
      return `${n}CHECK (${expr(c.expr)})`;
    case 'TableForeignKey':
      return `${n}FOREIGN KEY ${names(c.columns)} ${foreignKey(c.references)}`;
  }
}

function alterAction(a: AlterAction): string {
  switch (a.kind) {
    case 'AddColumn':
      return `ADD COLUMN ${columnDef(a.column)}`;
    case 'AddConstraint':
      return `ADD ${tableConstraint(a.constraint)}`;
    case 'DropColumn':
      return `DROP COLUMN ${name(a.column)}`;
    case 'RenameColumn':
      return `RENAME COLUMN ${name(a.from)} TO ${name(a.to)}`;
    case 'RenameTable':
      return `RENAME TO ${name(a.to)}`;
  }
}
