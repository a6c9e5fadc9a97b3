/** The part of DataScript's JavaScript API (datascript.js) the Datalog benchmark uses. */
declare module 'datascript' {
  type DB = { readonly __datascriptDb: unique symbol };
  export function empty_db(schema?: Record<string, Record<string, string>>): DB;
  export function db_with(db: DB, tx: unknown[][]): DB;
  export function q(query: string, ...inputs: unknown[]): unknown[][];
}
