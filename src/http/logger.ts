import type { LogFields, Logger } from './service-module.js';

/**
 * A levelled logger writing one JSON object per line to stderr: `time`, `level`, `msg`, then any
 * fields. One line per event, so a log shipper or `jq` can read it.
 *
 * @example
 * const log = createLogger('info');
 * log.info('request', { method: 'GET', path: '/v1/order/ready', status: 200, ms: 0.8 });
 * // {"time":"2026-11-29T12:00:00.000Z","level":"info","msg":"request","method":"GET",…}
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export function isLogLevel(s: string): s is LogLevel {
  return (ORDER as string[]).includes(s);
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger & { level: LogLevel } {
  const min = ORDER.indexOf(level);
  const enabled = (l: LogLevel) => ORDER.indexOf(l) >= min;
  const at = (l: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: LogFields) => {
    if (enabled(l)) write(`${JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields })}\n`);
  };
  return { level, enabled, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
