/**
 * ast-statements.ts — the statement nodes of the SQL syntax tree (the roots parseSql returns):
 * DML, DDL, transactions and utilities. Conventions as in ast.ts, which re-exports this file.
 */
import type {
  Expr,
  Identifier,
  Node,
  ObjectName,
  OrderItem,
  Query,
  SelectItem,
  TableRef,
  TypeName,
  WithClause,
} from './ast.js';

// =======================================================================================
// Statements

export type Statement =
  | QueryStatement
  | Insert
  | Update
  | Delete
  | CreateTable
  | CreateIndex
  | CreateView
  | CreateTrigger
  | Drop
  | AlterTable
  | Begin
  | Commit
  | Rollback
  | Savepoint
  | Release
  | Explain
  | Analyze
  | Reindex
  | Vacuum
  | Pragma;

/** A SELECT / VALUES / WITH … SELECT statement. */
export type QueryStatement = Query;

/** SQLite's `OR ROLLBACK|ABORT|FAIL|IGNORE|REPLACE` (and `REPLACE INTO` = OR REPLACE). */
export type ConflictAction = 'ROLLBACK' | 'ABORT' | 'FAIL' | 'IGNORE' | 'REPLACE';

export interface Insert extends Node {
  kind: 'Insert';
  with: WithClause | null;
  orAction: ConflictAction | null;
  table: ObjectName;
  alias: Identifier | null;
  /** Target columns; [] when not written. */
  columns: Identifier[];
  /** The rows: a Query (VALUES or SELECT), or null for `DEFAULT VALUES`. */
  source: Query | null;
  onConflict: OnConflict[];
  returning: SelectItem[] | null;
}

/** `ON CONFLICT [(target) [WHERE e]] DO NOTHING | DO UPDATE SET … [WHERE e]`. */
export interface OnConflict extends Node {
  kind: 'OnConflict';
  /** Conflict target columns/expressions; [] when not written. */
  target: OrderItem[];
  targetWhere: Expr | null;
  action: 'NOTHING' | 'UPDATE';
  /** For DO UPDATE. */
  assignments: Assignment[];
  where: Expr | null;
}

/** `col = e` (columns has one name) or `(a, b) = (e1, e2)` / `(a, b) = (SELECT …)`. */
export interface Assignment extends Node {
  kind: 'Assignment';
  columns: Identifier[];
  /** True for the parenthesized `(a, b) = …` form. */
  tuple: boolean;
  value: Expr;
}

export interface Update extends Node {
  kind: 'Update';
  with: WithClause | null;
  orAction: ConflictAction | null;
  table: ObjectName;
  alias: Identifier | null;
  assignments: Assignment[];
  from: TableRef | null;
  where: Expr | null;
  returning: SelectItem[] | null;
}

export interface Delete extends Node {
  kind: 'Delete';
  with: WithClause | null;
  table: ObjectName;
  alias: Identifier | null;
  where: Expr | null;
  returning: SelectItem[] | null;
}

// ----- DDL

export interface CreateTable extends Node {
  kind: 'CreateTable';
  temporary: boolean;
  ifNotExists: boolean;
  name: ObjectName;
  columns: ColumnDef[];
  constraints: TableConstraint[];
  /** `CREATE TABLE t AS SELECT …` (then columns and constraints are empty). */
  as: Query | null;
  withoutRowid: boolean;
  strict: boolean;
}

export interface ColumnDef extends Node {
  kind: 'ColumnDef';
  name: Identifier;
  /** null when no type is written (SQLite allows it). */
  type: TypeName | null;
  constraints: ColumnConstraint[];
}

export type ColumnConstraint =
  | PrimaryKeyConstraint
  | NotNullConstraint
  | NullConstraint
  | UniqueConstraint
  | CheckConstraint
  | DefaultConstraint
  | ReferencesConstraint
  | CollateConstraint
  | GeneratedConstraint;

interface ConstraintBase extends Node {
  /** `CONSTRAINT name`. */
  name: Identifier | null;
}

export interface PrimaryKeyConstraint extends ConstraintBase {
  kind: 'PrimaryKey';
  direction: 'ASC' | 'DESC' | null;
  autoincrement: boolean;
  onConflict: ConflictAction | null;
}
export interface NotNullConstraint extends ConstraintBase {
  kind: 'NotNull';
  onConflict: ConflictAction | null;
}
/** An explicit `NULL` (nullable, the default). */
export interface NullConstraint extends ConstraintBase {
  kind: 'Null';
}
export interface UniqueConstraint extends ConstraintBase {
  kind: 'Unique';
  onConflict: ConflictAction | null;
}
export interface CheckConstraint extends ConstraintBase {
  kind: 'Check';
  expr: Expr;
}
/** `DEFAULT 1`, `DEFAULT -1`, `DEFAULT 'x'`, `DEFAULT (expr)`, `DEFAULT CURRENT_TIMESTAMP`. */
export interface DefaultConstraint extends ConstraintBase {
  kind: 'Default';
  expr: Expr;
}
export interface ReferencesConstraint extends ConstraintBase {
  kind: 'References';
  references: ForeignKeyClause;
}
export interface CollateConstraint extends ConstraintBase {
  kind: 'Collate';
  collation: Identifier;
}
/** `[GENERATED ALWAYS] AS (expr) [STORED|VIRTUAL]`. */
export interface GeneratedConstraint extends ConstraintBase {
  kind: 'Generated';
  expr: Expr;
  stored: boolean;
}

export type ForeignKeyAction = 'SET NULL' | 'SET DEFAULT' | 'CASCADE' | 'RESTRICT' | 'NO ACTION';

/** `REFERENCES t [(cols)] [ON DELETE a] [ON UPDATE a] [[NOT] DEFERRABLE …]`. */
export interface ForeignKeyClause extends Node {
  kind: 'ForeignKeyClause';
  table: ObjectName;
  columns: Identifier[];
  onDelete: ForeignKeyAction | null;
  onUpdate: ForeignKeyAction | null;
  /** `DEFERRABLE INITIALLY DEFERRED` → true; otherwise false. */
  deferred: boolean;
}

export type TableConstraint =
  | TablePrimaryKey
  | TableUnique
  | TableCheck
  | TableForeignKey;

export interface TablePrimaryKey extends ConstraintBase {
  kind: 'TablePrimaryKey';
  columns: OrderItem[];
  onConflict: ConflictAction | null;
}
export interface TableUnique extends ConstraintBase {
  kind: 'TableUnique';
  columns: OrderItem[];
  onConflict: ConflictAction | null;
}
export interface TableCheck extends ConstraintBase {
  kind: 'TableCheck';
  expr: Expr;
}
export interface TableForeignKey extends ConstraintBase {
  kind: 'TableForeignKey';
  columns: Identifier[];
  references: ForeignKeyClause;
}

export interface CreateIndex extends Node {
  kind: 'CreateIndex';
  unique: boolean;
  ifNotExists: boolean;
  name: ObjectName;
  table: ObjectName;
  /** Indexed columns or expressions, each with its direction and (in expr) collation. */
  columns: OrderItem[];
  /** Partial index condition. */
  where: Expr | null;
}

export interface CreateView extends Node {
  kind: 'CreateView';
  temporary: boolean;
  orReplace: boolean;
  ifNotExists: boolean;
  name: ObjectName;
  columns: Identifier[];
  query: Query;
}

/** SQLite triggers: `CREATE TRIGGER … BEGIN stmt; … END`. */
export interface CreateTrigger extends Node {
  kind: 'CreateTrigger';
  temporary: boolean;
  ifNotExists: boolean;
  name: ObjectName;
  timing: 'BEFORE' | 'AFTER' | 'INSTEAD OF' | null;
  event: 'DELETE' | 'INSERT' | 'UPDATE';
  /** `UPDATE OF a, b`; [] otherwise. */
  columns: Identifier[];
  table: ObjectName;
  forEachRow: boolean;
  when: Expr | null;
  /** INSERT, UPDATE, DELETE or query statements. */
  body: Statement[];
}

export interface Drop extends Node {
  kind: 'Drop';
  objectType: 'TABLE' | 'INDEX' | 'VIEW' | 'TRIGGER';
  ifExists: boolean;
  /** One name in SQLite; PostgreSQL allows a list. */
  names: ObjectName[];
  behavior: 'CASCADE' | 'RESTRICT' | null;
}

export interface AlterTable extends Node {
  kind: 'AlterTable';
  table: ObjectName;
  action: AlterAction;
}

export type AlterAction = AddColumn | AddConstraint | DropColumn | RenameColumn | RenameTable;
export interface AddColumn extends Node {
  kind: 'AddColumn';
  column: ColumnDef;
}
export interface AddConstraint extends Node {
  kind: 'AddConstraint';
  constraint: TableConstraint;
}
export interface DropColumn extends Node {
  kind: 'DropColumn';
  column: Identifier;
}
export interface RenameColumn extends Node {
  kind: 'RenameColumn';
  from: Identifier;
  to: Identifier;
}
export interface RenameTable extends Node {
  kind: 'RenameTable';
  to: Identifier;
}

// ----- Transactions and utility statements

export type IsolationLevel =
  | 'SERIALIZABLE'
  | 'REPEATABLE READ'
  | 'READ COMMITTED'
  | 'READ UNCOMMITTED'
  | 'SNAPSHOT';

/** `BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION] [ISOLATION LEVEL …] [READ ONLY|WRITE]`, `START TRANSACTION …`. */
export interface Begin extends Node {
  kind: 'Begin';
  mode: 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE' | null;
  isolation: IsolationLevel | null;
  /** READ ONLY → true, READ WRITE → false, unspecified → null. */
  readOnly: boolean | null;
}

/** COMMIT or END. */
export interface Commit extends Node {
  kind: 'Commit';
}

/** ROLLBACK, or `ROLLBACK TO [SAVEPOINT] name`. */
export interface Rollback extends Node {
  kind: 'Rollback';
  savepoint: Identifier | null;
}

export interface Savepoint extends Node {
  kind: 'Savepoint';
  name: Identifier;
}

export interface Release extends Node {
  kind: 'Release';
  name: Identifier;
}

/** `EXPLAIN [ANALYZE] [QUERY PLAN] statement`. */
export interface Explain extends Node {
  kind: 'Explain';
  analyze: boolean;
  queryPlan: boolean;
  statement: Statement;
}

export interface Analyze extends Node {
  kind: 'Analyze';
  target: ObjectName | null;
}

export interface Reindex extends Node {
  kind: 'Reindex';
  target: ObjectName | null;
}

export interface Vacuum extends Node {
  kind: 'Vacuum';
  schema: Identifier | null;
}

/** `PRAGMA [schema.]name [= value | (value)]`; a bare word value (ON, FULL, WAL) is an Identifier. */
export interface Pragma extends Node {
  kind: 'Pragma';
  name: ObjectName;
  value: Expr | Identifier | null;
}
