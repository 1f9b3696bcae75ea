import type { Logger } from './service-module.js';

/**
 * A small levelled logger writing one line per message to stderr.
 *
 * @example
 * const log = createLogger('info'); log.info('listening');
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export function isLogLevel(s: string): s is LogLevel {
  return (ORDER as string[]).includes(s);
}

export function createLogger(level: LogLevel): Logger & { level: LogLevel } {
  const min = ORDER.indexOf(level);
  const at = (l: LogLevel) => (msg: string) => {
    if (ORDER.indexOf(l) >= min) process.stderr.write(`${new Date().toISOString()} ${l.toUpperCase()} ${msg}\n`);
  };
  return { level, info: at('info'), warn: at('warn'), error: at('error') };
}
