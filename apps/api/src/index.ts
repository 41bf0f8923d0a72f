/** @lumen/api as a library: what main.ts assembles, for embedding and for tests. */
export { createApp } from './app.ts';
export { loadConfig, configSchema, type Config } from './config.ts';
export { openDatabase, type DatabaseHandle } from './db/database.ts';
export { createDb, type Db } from './db/client.ts';
export { startApiServer, type ApiServer } from './http/server.ts';
export { startWorker, type WorkerHandle } from './worker/worker.ts';
export { seedDemo, DEMO } from './seed/demo.ts';
export { createTeamWithKey } from './services/teams.ts';
