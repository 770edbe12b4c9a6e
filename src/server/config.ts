// Configuration, parsed once at boot from the environment; a bad value stops the server with every problem listed.
import path from 'node:path';
import { z } from 'zod';

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  TZ_NAME: z.literal('Asia/Shanghai').default('Asia/Shanghai'),
  DISTRICT_CODE: z.string().regex(/^\d{6}$/, 'must be a 6-digit district code').default('220106'),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(100).default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  PUBLIC_URL: z.string().url().optional(),
  WEB_BUILD: z.enum(['auto', 'off']).default('auto'),
  // ---- notifications: e-mail is off unless an SMTP server is given (smtp://user:pass@host:587 or smtps://…)
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z.string().min(3).default('Wangge 网格 <wangge@localhost>'),
  // Whose X-Forwarded-For to believe (the client address behind a reverse proxy, used by rate limits and logs).
  TRUST_PROXY: z.string().regex(/^(true|false|loopback|linklocal|uniquelocal|[0-9a-fA-F.:/,\s]+)$/, 'true, false, loopback, or proxy addresses/CIDRs separated by commas').default('loopback'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  dbKind: 'pglite' | 'postgres';
  sessionSecret: string | null;
  sessionTtlHours: number;
  timeZone: 'Asia/Shanghai';
  districtCode: string;
  maxUploadBytes: number;
  logLevel: string;
  demo: 'auto' | 'on' | 'off';
  uploadsDir: string;
  publicUrl: string | null;
  /** 'auto': `wangge start` builds the web app when its sources are newer than web/dist. */
  webBuild: 'auto' | 'off';
  /** Notifications by e-mail: the SMTP server (null: e-mail is off) and the sender address. */
  smtpUrl: string | null;
  smtpFrom: string;
  /** Fastify's trustProxy: only these peers may say who the client is (a forged X-Forwarded-For must not dodge limits). */
  trustProxy: boolean | string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    dbKind: e.DATABASE_URL ? 'postgres' : 'pglite',
    sessionSecret: e.SESSION_SECRET ?? null,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    timeZone: e.TZ_NAME,
    districtCode: e.DISTRICT_CODE,
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
    demo: e.DEMO,
    uploadsDir: path.join(dataDir, 'uploads'),
    publicUrl: e.PUBLIC_URL ?? null,
    webBuild: e.WEB_BUILD,
    smtpUrl: e.SMTP_URL ?? null,
    smtpFrom: e.SMTP_FROM,
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY,
    ...overrides,
  };
}
