import { z } from 'zod';
import { resolve } from 'node:path';

/**
 * Configuration from the environment, validated once at start-up. Every problem
 * is reported at once, so an operator fixes the environment in one go.
 * Security numbers that 等保 leaves open are defaults here, not constants in code.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    .optional(),
  /** Idle session timeout in minutes (1 minute to 1 day; not longer than SESSION_MAX_HOURS). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** Absolute session lifetime in hours (at most a week). */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(30),
  /** Largest evidence file, in MiB. */
  MAX_UPLOAD_MB: z.coerce.number().min(1).max(1024).default(20),
  /** Minutes between scheduled VACUUM ANALYZE runs on PGlite (it has no autovacuum). */
  VACUUM_INTERVAL_MINUTES: z.coerce.number().int().min(1).default(360),
  /** Fixes the clock (ISO instant) for demos and tests; unset in production. */
  ZG_NOW: z.string().datetime({ offset: true }).optional(),
  /** Mark cookies Secure (set behind TLS). */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).refine((c) => c.SESSION_IDLE_MINUTES <= c.SESSION_MAX_HOURS * 60, {
  message: 'must not exceed SESSION_MAX_HOURS × 60 (an idle limit longer than the session itself means nothing)',
  path: ['SESSION_IDLE_MINUTES'],
});

export type Config = z.infer<typeof schema> & { dataDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // an empty variable means unset (`DATABASE_URL= npm start`)
  const r = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration (配置有误):\n${lines.join('\n')}`);
  }
  return { ...r.data, dataDir: resolve(r.data.DATA_DIR) };
}

/** Defaults for tests and tools that build an app without an environment. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), ...overrides };
}
