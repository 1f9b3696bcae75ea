/**
 * What a `--data` value names: a directory, `:memory:`, or a PostgreSQL database (`postgres://…` or
 * `postgresql://…`). Here, apart from the adapters, so that telling them apart loads no database code.
 *
 * @example
 * isDatabaseUrl('postgres://sb:secret@db/sandbox'); // true
 * shownDataLocation('postgres://sb:secret@db/sandbox'); // 'postgres://sb:***@db/sandbox'
 */
export const isDatabaseUrl = (data: string): boolean => /^postgres(ql)?:\/\//i.test(data);

/** The URL without its password, for logs and the admin view. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/** A `--data` value as it may be shown: a database URL without its password, anything else as given. */
export const shownDataLocation = (data: string): string => (isDatabaseUrl(data) ? redactUrl(data) : data);
