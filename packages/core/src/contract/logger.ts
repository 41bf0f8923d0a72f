export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const noop = (): void => undefined;
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** A logger writing one line per event to stderr, prefixed with a scope. */
export function consoleLogger(scope: string, level: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error'];
  const at = order.indexOf(level);
  const write =
    (name: string) =>
    (message: string, fields?: LogFields): void => {
      if (order.indexOf(name) < at) return;
      const suffix = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
      process.stderr.write(`[${scope}] ${name}: ${message}${suffix}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A logger that adds fixed fields to every event. */
export function childLogger(parent: Logger, fields: LogFields): Logger {
  return {
    debug: (m, f) => parent.debug(m, { ...fields, ...f }),
    info: (m, f) => parent.info(m, { ...fields, ...f }),
    warn: (m, f) => parent.warn(m, { ...fields, ...f }),
    error: (m, f) => parent.error(m, { ...fields, ...f }),
  };
}
