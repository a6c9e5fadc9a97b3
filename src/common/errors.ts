/**
 * errors.ts — the error classes a user of the public API can receive.
 *
 * Every user mistake rejects with a PolyglotError subclass carrying a stable `code`, a message
 * that names what was wrong, and `line`/`column` (1-based) when the mistake has a place in
 * the source text. Inside the pipeline an error may travel as a value; the API throws.
 * A plain Error (not a PolyglotError) escaping the API is a bug in polyglotdb.
 */
export interface SourcePosition {
  line: number;
  column: number;
}

export type ErrorCode =
  | 'SYNTAX_ERROR'
  | 'UNKNOWN_NAME'
  | 'AMBIGUOUS_NAME'
  | 'DUPLICATE_NAME'
  | 'TYPE_ERROR'
  | 'CONSTRAINT_VIOLATION'
  | 'TRANSACTION_CONFLICT'
  | 'TRANSACTION_STATE'
  | 'READ_ONLY'
  | 'LIMIT_EXCEEDED'
  | 'CANCELLED'
  | 'RUNTIME_ERROR'
  | 'UNSUPPORTED'
  | 'INVALID_ARGUMENT'
  | 'CLOSED';

export class PolyglotError extends Error {
  readonly code: ErrorCode;
  readonly line?: number;
  readonly column?: number;

  constructor(code: ErrorCode, message: string, position?: SourcePosition) {
    super(position ? `${message} (line ${position.line}, column ${position.column})` : message);
    this.name = new.target.name;
    this.code = code;
    if (position) {
      this.line = position.line;
      this.column = position.column;
    }
  }
}

/** The text does not follow the language's grammar. */
export class ParseError extends PolyglotError {
  readonly expected: string[];
  constructor(message: string, position: SourcePosition, expected: string[] = []) {
    super('SYNTAX_ERROR', message, position);
    this.expected = expected;
  }
}

/** A table, column, relation, variable or function that does not exist (or exists twice). */
export class NameError extends PolyglotError {
  constructor(
    code: 'UNKNOWN_NAME' | 'AMBIGUOUS_NAME' | 'DUPLICATE_NAME',
    message: string,
    position?: SourcePosition,
  ) {
    super(code, message, position);
  }
}

/** A value or expression of the wrong type. */
export class TypeMismatchError extends PolyglotError {
  constructor(message: string, position?: SourcePosition) {
    super('TYPE_ERROR', message, position);
  }
}

/** NOT NULL, PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY violated; the message names constraint and value. */
export class ConstraintError extends PolyglotError {
  constructor(message: string, position?: SourcePosition) {
    super('CONSTRAINT_VIOLATION', message, position);
  }
}

/** A transaction lost an optimistic-concurrency race and was rolled back; retrying may succeed. */
export class ConflictError extends PolyglotError {
  constructor(message: string) {
    super('TRANSACTION_CONFLICT', message);
  }
}

/** An operation on a transaction or database in the wrong state (committed, rolled back, closed). */
export class StateError extends PolyglotError {
  constructor(code: 'TRANSACTION_STATE' | 'READ_ONLY' | 'CLOSED', message: string) {
    super(code, message);
  }
}

/** A query ran past a time, row or memory limit, or was cancelled. */
export class LimitError extends PolyglotError {
  constructor(code: 'LIMIT_EXCEEDED' | 'CANCELLED', message: string) {
    super(code, message);
  }
}

/** An error raised while evaluating a plan: names the operator and the offending value. */
export class RuntimeError extends PolyglotError {
  constructor(message: string, position?: SourcePosition) {
    super('RUNTIME_ERROR', message, position);
  }
}

/** A feature the language has but polyglotdb does not (yet). */
export class UnsupportedError extends PolyglotError {
  constructor(message: string, position?: SourcePosition) {
    super('UNSUPPORTED', message, position);
  }
}
