/**
 * Every error Lumen raises on purpose is a LumenError with a stable `code`.
 * Callers (the CLI, the API, plugins' tests) branch on the code, never on the message.
 */
export const ERROR_CODES = [
  // plugins and their parameters
  'INVALID_PARAMS',
  'PLUGIN_INVALID',
  'PLUGIN_DUPLICATE',
  'PLUGIN_NOT_FOUND',
  'PLUGIN_LOAD_FAILED',
  'PLUGIN_ERROR',
  'PLUGIN_OUTPUT_INVALID',
  'REQUIREMENT_UNMET',
  // models
  'MODEL_NOT_FOUND',
  'MODEL_INVALID',
  'MODEL_WEIGHTS_MISSING',
  'MODEL_WEIGHTS_MISMATCH',
  'MODEL_PATH_ESCAPE',
  'MODEL_UNSUPPORTED',
  'INPUT_SPEC_INVALID',
  'LAYER_NOT_FOUND',
  'TARGET_INVALID',
  'SHAPE_MISMATCH',
  // images
  'IMAGE_INVALID',
  'IMAGE_UNSUPPORTED',
  'IMAGE_TOO_LARGE',
  // runtime
  'BACKEND_UNAVAILABLE',
  'ABORTED',
  'CONFIG_INVALID',
] as const;

export type LumenErrorCode = (typeof ERROR_CODES)[number];

export interface LumenErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class LumenError extends Error {
  override readonly name = 'LumenError';
  readonly code: LumenErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: LumenErrorCode, message: string, options: LumenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  toJSON(): { code: LumenErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isLumenError(error: unknown, code?: LumenErrorCode): error is LumenError {
  return error instanceof LumenError && (code === undefined || error.code === code);
}

/** The message of anything thrown, for wrapping foreign errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
