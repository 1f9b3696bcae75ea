/**
 * A success-or-failure value for pure domain code, so transitions never throw for business rules.
 *
 * @example
 * const r: Result<number, string> = n > 0 ? ok(n) : fail('must be positive');
 * if (!r.ok) console.log(r.error);
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** @example ok(42) */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** @example fail({ code: 'NOT_ALLOWED' }) */
export const fail = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
