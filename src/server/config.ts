import { z } from 'zod';
import { resolve } from 'node:path';

/**
 * Configuration from the environment, validated once at start-up. Every problem
 * is reported at once, so an operator fixes the environment in one go.
 * Security numbers that 等保 leaves open are defaults here, not constants in code.
 */
const schema = z
  .object({
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
    COOKIE_SECURE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /**
     * The load balancers in front of the app servers (comma-separated addresses or CIDR ranges, e.g.
     * 10.0.0.5,10.0.1.0/24): their X-Forwarded-For is believed, so per-address limits and the audit trail see the
     * client, not the balancer. Unset: the peer address is the client (one server, no proxy).
     */
    TRUST_PROXY: z
      .string()
      .regex(/^\s*[0-9a-fA-F:.]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F:.]+(\/\d{1,3})?)*\s*$/, {
        message: 'must be comma-separated IP addresses or CIDR ranges',
      })
      .optional(),
    /** The embedded engine's shared_buffers (PGlite keeps them in its heap, so they set most of the process's memory). */
    PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^\d{1,5}(kB|MB|GB)$/, { message: 'must be a size such as 64MB' })
      .default('64MB'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** The public portal's feedback form asks for the arithmetic captcha (false only for tests and scripts). */
    FEEDBACK_CAPTCHA: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Feedback submissions accepted per client address per hour (the portal's rate limit). */
    FEEDBACK_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
    /** The address the public reaches the portal at (printed on published notices); unset: http://HOST:PORT. */
    PUBLIC_URL: z
      .string()
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http(s):// URL' })
      .optional(),
    // ---- supervision (issue 9) ----
    /** The mail server of the e-mail channels, e.g. smtp://user:pass@mail.example.gov.cn:587 (smtps:// for TLS); unset: no mail. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    /** The sender of the e-mail channels. */
    SMTP_FROM: z.string().default('整改督办 <zhenggai@localhost>'),
    /** Run the scheduler (daily evaluation, digests, deliveries) inside `serve`; false where another process runs `zhenggai tick`. */
    SCHEDULER: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Seconds between the in-process scheduler's passes (each pass does only what is due). */
    SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    // ---- trust (issue 13): defaults of the security policy, which the security administrator may change ----
    /** Shortest password. */
    PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(8),
    /** How many of the four classes (upper, lower, digit, symbol) a password needs. */
    PASSWORD_MIN_CLASSES: z.coerce.number().int().min(2).max(4).default(3),
    /** How many earlier passwords may not come back. */
    PASSWORD_HISTORY: z.coerce.number().int().min(0).max(24).default(5),
    /** Days before a password must be changed (0: never). */
    PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    /** Failed sign-ins from one address within LOGIN_ADDRESS_WINDOW_MINUTES before it must wait that long. */
    LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(5).max(10_000).default(30),
    LOGIN_ADDRESS_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    /** Concurrent sessions of one account; a sign-in beyond it ends the oldest (0: no limit). */
    SESSION_MAX_PER_USER: z.coerce.number().int().min(0).max(100).default(3),
    /** Roles that must use a second factor (TOTP), comma-separated, or `none`. */
    MFA_REQUIRED_ROLES: z.string().default('sysadmin,secadmin,auditor,office_admin'),
    /** Where the keys live (audit chain, personal data, backups): never in the database. Default: <DATA_DIR>/keys. */
    KEY_DIR: z.string().optional(),
    /** The signed checkpoints of the audit chain (JSON lines). Default: <DATA_DIR>/audit/checkpoints.jsonl. */
    AUDIT_CHECKPOINT_FILE: z.string().optional(),
    /** Minutes between checkpoints while the chain grows. */
    AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    /** Days an audit row stays in the table before `zhenggai audit archive` may move it to a signed file (≥ 180). */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180).max(36_500).default(180),
    /** A syslog server that receives each audit checkpoint too (RFC 5424 over UDP), e.g. udp://10.1.2.3:514. */
    SYSLOG_URL: z
      .string()
      .regex(/^udp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, {
        message: 'must be udp://HOST:PORT (syslog 地址须为 udp://主机:端口)',
      })
      .optional(),
    // ---- storage of files (issue 12): evidence and every other stored file, by SM3 ----
    /** Where stored files live: `local` (<DATA_DIR>/evidence, one machine) or `s3` (an S3-compatible object store such as MinIO). */
    STORAGE: z.enum(['local', 's3'], { message: 'must be local or s3 (本地目录 local 或对象存储 s3)' }).default('local'),
    /** The object store's address, e.g. http://minio.intranet:9000 (path-style: the bucket goes in the path). */
    S3_ENDPOINT: z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+\/?$/, {
        message: 'must be an http(s):// address without a path (对象存储地址须为 http(s):// 开头，不带路径)',
      })
      .optional(),
    /** The bucket; created at start when absent. */
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        message: 'must be 3–63 lowercase letters, digits, dots or hyphens (存储桶名须为 3–63 位小写字母、数字、点或连字符)',
      })
      .optional(),
    /** The region the signatures name (MinIO accepts its default, us-east-1). */
    S3_REGION: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, { message: 'must be a region name such as us-east-1 (区域名有误)' })
      .default('us-east-1'),
    S3_ACCESS_KEY: z.string().optional(),
    S3_SECRET_KEY: z.string().optional(),
    /** Where in the bucket the files go (several systems may share one bucket). */
    S3_PREFIX: z
      .string()
      .regex(/^([A-Za-z0-9_-]+\/)*$/, { message: 'must be empty or path segments each ending in / (前缀须以 / 结尾，如 evidence/)' })
      .default('evidence/'),
  })
  .refine((c) => c.SESSION_IDLE_MINUTES <= c.SESSION_MAX_HOURS * 60, {
    message: 'must not exceed SESSION_MAX_HOURS × 60 (an idle limit longer than the session itself means nothing)',
    path: ['SESSION_IDLE_MINUTES'],
  })
  .superRefine((c, ctx) => {
    if (c.STORAGE !== 's3') return;
    // every setting the object store needs, each named, so one restart fixes them all
    for (const k of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const) {
      if (!c[k]) ctx.addIssue({ code: 'custom', path: [k], message: `required when STORAGE=s3 (使用对象存储时必须设置 ${k})` });
    }
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
