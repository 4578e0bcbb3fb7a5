import { pino, type Logger } from 'pino';

export type { Logger };

/** pino's levels, for the configuration to check FW_LOG_LEVEL against. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The library logs JSON through pino; the CLI turns it into lines for humans. The level
 * (default info) comes from the caller, which reads FW_LOG_LEVEL through the configuration.
 */
export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? 'info';
  if (options.pretty) {
    return pino({ level, transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } });
  }
  return pino({ level });
}

export const silentLogger: Logger = pino({ level: 'silent' });
