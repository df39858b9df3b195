/**
 * A local S3-compatible server for the tests (s3rver, in this process): on
 * 127.0.0.1 with an ephemeral port, its objects in a temp directory removed at
 * stop. `config` is what the app's configuration needs to use it (STORAGE=s3);
 * `env` is the same as environment variables, for child processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { Config } from '../../src/server/config.js';
import { forgetStores } from '../../src/server/storage/index.js';

// the SDK's notice that later releases will need Node 22 (this project runs on 20): said once in the docs, not in every test run
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** s3rver's built-in account. */
const KEY = 'S3RVER';

export interface S3Server {
  endpoint: string;
  config(
    bucket?: string,
  ): Pick<Config, 'STORAGE' | 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ACCESS_KEY' | 'S3_SECRET_KEY' | 'S3_PREFIX'>;
  env(bucket?: string): Record<string, string>;
  stop(): Promise<void>;
}

let seq = 0;

export async function startS3(): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'zg-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true });
  const addr = await server.run();
  const endpoint = `http://127.0.0.1:${addr.port}`;
  // each call without a name gets a bucket of its own: suites never see each other's files
  const name = (bucket?: string) => bucket ?? `zg-test-${process.pid}-${++seq}`;
  const config = (bucket?: string) => ({
    STORAGE: 's3' as const,
    S3_ENDPOINT: endpoint,
    S3_BUCKET: name(bucket),
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY: KEY,
    S3_SECRET_KEY: KEY,
    S3_PREFIX: 'evidence/',
  });
  return {
    endpoint,
    config,
    env: (bucket?: string) => Object.fromEntries(Object.entries(config(bucket)).map(([k, v]) => [k, String(v)])),
    async stop() {
      forgetStores(); // the clients' pooled connections to this server
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
