/** The part of DataScript's JavaScript API (datascript.js, a CommonJS module) the Datalog benchmark uses. */
declare module 'datascript' {
  type DB = { readonly __datascriptDb: unique symbol };
  const datascript: {
    empty_db(schema?: Record<string, Record<string, string>>): DB;
    db_with(db: DB, tx: unknown[][]): DB;
    q(query: string, ...inputs: unknown[]): unknown[][];
  };
  export default datascript;
}
