import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files the docs page and the dashboard load, served by the sandbox itself (never a CDN: partners work
 * offline). Each is read once, on first use, and kept.
 *
 * @example
 * const js = await asset('scalar.js'); // { body: Uint8Array, type: 'text/javascript; charset=utf-8' }
 */
// dist/ui/assets.js finds them in ./public; the bundled CLI (dist/cli.js, scripts/bundle-cli.mjs) in ./ui/public.
const PUBLIC_DIR = [new URL('./public/', import.meta.url), new URL('./ui/public/', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(join(dir, 'dashboard.js'))) ?? fileURLToPath(new URL('./public/', import.meta.url));

/**
 * Scalar's self-contained browser bundle: in the built package, the copy `npm run build` put beside the
 * dashboard's files (scripts/build-ui.mjs); running from the sources, the repository's vendored copy.
 */
function scalarBundle(): string {
  const built = join(PUBLIC_DIR, 'scalar.js');
  if (existsSync(built)) return built;
  return fileURLToPath(new URL('../../vendor/scalar-api-reference/standalone.js', import.meta.url));
}

const FILES: Record<string, { path: () => string; type: string }> = {
  'scalar.js': { path: scalarBundle, type: 'text/javascript; charset=utf-8' },
  'dashboard.js': { path: () => join(PUBLIC_DIR, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard-format.js': { path: () => join(PUBLIC_DIR, 'dashboard-format.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard-dom.js': { path: () => join(PUBLIC_DIR, 'dashboard-dom.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard-report.js': { path: () => join(PUBLIC_DIR, 'dashboard-report.js'), type: 'text/javascript; charset=utf-8' },
  'docs.js': { path: () => join(PUBLIC_DIR, 'docs.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { path: () => join(PUBLIC_DIR, 'dashboard.css'), type: 'text/css; charset=utf-8' },
  'favicon.svg': { path: () => join(PUBLIC_DIR, 'favicon.svg'), type: 'image/svg+xml' },
};

const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

export async function asset(name: string): Promise<{ body: Uint8Array<ArrayBuffer>; type: string } | undefined> {
  const f = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!f) return undefined;
  let body = cache.get(name);
  if (!body) {
    let path: string;
    try {
      path = f.path();
    } catch {
      return undefined;
    }
    body = readFile(path).then((b) => new Uint8Array(b)); // as the response body type, once
    cache.set(name, body);
    body.catch(() => cache.delete(name));
  }
  return { body: await body, type: f.type };
}

export const ASSET_NAMES = Object.keys(FILES);
