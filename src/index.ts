/**
 * polyglotdb — one embedded database, five data models, one optimizer.
 * The public API: see docs/architecture.md and the README.
 */
export { Database, Transaction, PreparedStatement, type Language, type OpenOptions, type QueryOptions, type TransactionOptions } from './engine/database.js';
export { ResultSet, WriteResult } from './engine/result.js';
export { formatResult, SparqlBindings, type SparqlResult, type SparqlUpdateResult, type RdfInput, type ResultFormat, type LoadOptions, type ExportOptions, type SparqlQueryOptions } from './engine/sparql.js';
export type { Explanation, Params } from './engine/pipeline.js';
export type { Value, Row, ValueType } from './common/values.js';
export {
  PolyglotError,
  ParseError,
  NameError,
  TypeMismatchError,
  ConstraintError,
  ConflictError,
  StateError,
  LimitError,
  RuntimeError,
  UnsupportedError,
  type ErrorCode,
} from './common/errors.js';
export type { Isolation } from './storage/kv.js';
