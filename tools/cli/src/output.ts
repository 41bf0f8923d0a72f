import { isLumenError, messageOf } from '@lumen/core';

/** Usage mistakes exit 2; failures of the work itself exit 1; a tripped `--fail-if` gate exits 3; Ctrl-C exits 130. */
export const EXIT = { ok: 0, failure: 1, usage: 2, gate: 3, interrupted: 130 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** One clear line on stderr, and the exit code that goes with it. */
export function reportError(error: unknown, write: (line: string) => void = (l) => process.stderr.write(l)): number {
  if (error instanceof UsageError) {
    write(`lumen: error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (isLumenError(error)) {
    write(`lumen: error [${error.code}]: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    if (error.code === 'ABORTED') return EXIT.interrupted;
    return error.code === 'INVALID_PARAMS' || error.code === 'TARGET_INVALID' || error.code === 'CONFIG_INVALID'
      ? EXIT.usage
      : EXIT.failure;
  }
  if (error instanceof Error && error.name === 'ApiError') {
    write(`lumen: error [${(error as Error & { code: string }).code}]: ${error.message}\n`);
    return EXIT.failure;
  }
  write(`lumen: error: ${messageOf(error)}\n`);
  if (process.env['LUMEN_DEBUG'] && error instanceof Error && error.stack) write(`${error.stack}\n`);
  return EXIT.failure;
}
