/**
 * @lumen/api/testing: the whole product on one machine for integration tests and the load
 * check: a fresh database, the API in-process, worker processes, and a small client.
 */
export {
  ApiClient,
  GraphQLRequestError,
  type GraphQLResult,
  type UploadedFile,
  type UserErrorBody,
} from './api-client.ts';
export {
  greyJpeg,
  patternImages,
  patternPng,
  pngBomb,
  tinyModelFiles,
  truncatedJpeg,
} from './fixtures.ts';
export {
  TEST_HEARTBEAT_SECONDS,
  startTestStack,
  type TestStack,
  type TestStackOptions,
  type TestTeam,
  type WorkerProcess,
} from './harness.ts';
export * from './operations.ts';
export { settlement, type Settlement } from './settlement.ts';
export { createTestDatabase, type TestDatabase } from './test-database.ts';
