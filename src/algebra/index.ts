/**
 * The algebra: the one plan language between every front end and the shared optimizer and
 * executor. Importing this module registers the built-in function libraries.
 */
import './functions/core.js';
import './functions/sql.js';
import './functions/sql-affinity.js';
import './functions/sparql.js';
import './functions/sparql-builtins.js';
import './functions/sparql-aggregates.js';
import './functions/sql-window.js';
import './functions/datalog.js';

export * from './columns.js';
export * from './expr.js';
export * from './logical.js';
export * as build from './build.js';
export * from './physical.js';
export { printPlan, printExpr, formatValue } from './print.js';
export { validatePlan, PlanValidationError } from './validate.js';
export { children, withChildren, transformUp, expressions, mapExpressions, walk } from './visit.js';
export * from './functions/registry.js';
export * from './statement.js';
