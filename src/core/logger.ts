import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The library logs JSON through pino; the CLI turns it into lines for humans.
 * FW_LOG_LEVEL picks the level (default info; 'silent' in tests).
 */
export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.FW_LOG_LEVEL ?? 'info';
  if (options.pretty) {
    return pino({ level, transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } });
  }
  return pino({ level });
}

export const silentLogger: Logger = pino({ level: 'silent' });
