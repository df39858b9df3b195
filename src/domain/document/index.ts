/**
 * Documents of a round: a small model of an official document (公文), its .docx in
 * GB/T 9704-2012 layout, its plain text, and the composition of the report and
 * the public notice from the round's data. Pure: no I/O (the .docx is built in memory).
 */
export * from './model.js';
export * from './layout.js';
export * from './text.js';
export * from './compose.js';
export { buildDocument, renderDocx, signatureIndents, type Figure, type RenderOptions } from './docx.js';
