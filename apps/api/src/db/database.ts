import type { Config } from '../config.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded server. Migrations are applied either way. */
export async function openDatabase(config: Config, log: (line: string) => void = () => undefined): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    await migrate(config.DATABASE_URL, log);
    return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.LUMEN_DATA_DIR, port: config.LUMEN_EMBEDDED_PG_PORT });
  log(`embedded PostgreSQL on ${embedded.url.replace(/:[^:@/]+@/, ':***@')} (data in ${config.LUMEN_DATA_DIR}/postgres)`);
  try {
    await migrate(embedded.url, log);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}
