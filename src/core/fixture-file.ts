import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a service's fixtures file (JSON) and validates it, so a bad fixture stops the start with the
 * file, the path in it and what is wrong, never later with a confusing error.
 *
 * @example
 * const fx = loadFixtureFile('fixtures', 'khumbu.json', KhumbuFixturesSchema, 'Khumbu');
 */
export interface Parser<T> {
  safeParse(raw: unknown, ctx?: { jitless?: boolean }): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

export function loadFixtureFile<T>(dir: string, name: string, schema: Parser<T>, label: string): T {
  const file = join(dir, name);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${label} fixtures ${file} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Read once: without zod's compiled fast path, whose code generation cost start-up about 25 ms.
  const parsed = schema.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${label} fixtures ${file} are invalid at ${issue?.path.map(String).join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
