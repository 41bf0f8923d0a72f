export { buildProgram, main } from './main.ts';
export { findConfig, loadRegistry, DEFAULT_CONFIG } from './plugins.ts';
export { EXIT, reportError, UsageError } from './output.ts';
