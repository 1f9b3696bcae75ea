/**
 * The longest tenant name, in characters. Every credential that names a tenant is at most this long
 * (Kustom's key or username, OktoPOS's X-API-KEY; Khumbu's client_id is at most 128), and the admin
 * API answers 400 for a longer one. Every store keeps any such name: the embedded one gives a name
 * too long for a file name a digested one (embedded-storage.ts), and PostgreSQL's keys stay far
 * below the size a btree index takes.
 *
 * @example
 * if (username.length > TENANT_MAX) refuse();
 */
export const TENANT_MAX = 200;
