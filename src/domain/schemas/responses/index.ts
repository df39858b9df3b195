/**
 * The response schemas, one file per feature. Each route declares its answer
 * with them; the web takes its types from them (`z.input`: the JSON on the wire).
 */
export * from './common.js';
export * from './health.js';
export * from './auth.js';
export * from './orgs.js';
export * from './inspections.js';
export * from './problems.js';
export * from './dashboard.js';
export * from './audit.js';
export * from './users.js';
export * from './imports.js';
export * from './workflow.js';
export * from './security.js';
export * from './planning.js';
