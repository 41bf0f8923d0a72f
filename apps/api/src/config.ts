import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from '@lumen/core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** Everything the API and workers read from the environment, validated once. */
export const configSchema = z.object({
  /** An external Postgres. When absent, an embedded PostgreSQL is started. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database and other local state live. */
  LUMEN_DATA_DIR: z.string().default(path.join(REPO_ROOT, '.lumen')),
  LUMEN_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LUMEN_CONFIG: z.string().default(path.join(REPO_ROOT, 'lumen.config.json')),
  LUMEN_INTROSPECTION: bool.default(true),
  /** Largest single upload (all files together), bytes. */
  LUMEN_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  LUMEN_MAX_IMAGE_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  LUMEN_MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(10),
  LUMEN_MAX_QUERY_COMPLEXITY: z.coerce.number().int().positive().default(5000),
  /** Worker settings. */
  LUMEN_DEVICE_CLASS: z.enum(['CPU', 'GPU', 'auto']).default('auto'),
  LUMEN_WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).default(10),
  LUMEN_MODEL_CACHE_SIZE: z.coerce.number().int().min(1).default(4),
  LUMEN_BACKEND: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
});

export type Config = z.output<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(Object.entries(env).filter(([key, value]) => key in configSchema.shape && value !== ''));
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${issues}`);
  }
  return parsed.data;
}
