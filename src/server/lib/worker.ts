import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Starts a worker thread from the built bundle (`js`, beside dist/cli.js) or,
 * when running from source under tsx, from the `.ts` file: tsx is registered
 * inside the worker first, since workers do not inherit the parent's loader.
 */
export function startWorker(js: URL, ts: URL, workerData: unknown): Worker {
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
