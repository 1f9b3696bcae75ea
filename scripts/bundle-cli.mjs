// Part of `npm run build`: bundles the CLI (dist/main.js and everything it imports, dependencies
// included) into one CommonJS script, dist/cli-bundle.cjs, which the package's `bin`, dist/cli.js
// (src/cli.ts), runs; then makes the V8 code cache that script starts with, dist/cli-bundle.cache.
// Loading one file instead of several hundred ES modules (zod alone is hundreds) is what brings start-up
// near a bare Hono server's; starting from the code cache saves most of what is left to compile. The
// library entry (dist/index.js, `import 'order-sandbox'`) stays unbundled. Paths the code resolves from
// import.meta.url (fixtures, package.json, the dashboard's files) are laid out so both dist/main.js and
// dist/cli-bundle.cjs find them.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/**
 * zod exports every locale it has as `z.locales` (a namespace the bundle cannot shake), about 300 KB
 * of the bundle that V8 parses at every start-up. The sandbox speaks English only (zod's default,
 * which zod loads from its own `en` module): the bundle's `z.locales` holds `en` alone.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), args.path), namespace: 'zod-locales' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: "export { default as en } from './en.js';", resolveDir: dirname(args.path) }));
  },
};

/**
 * The packages loaded only when needed (the PostgreSQL client for a postgres:// URL, the YAML parser for
 * scenario files), never parsed at start otherwise. The code imports each with import(); in the bundle
 * that import() becomes a require() made when it runs, because the bin runs the bundle as a vm.Script,
 * which has no import() ("A dynamic import callback was not specified"; the build refuses a bundle with
 * one, below). Both packages ship CommonJS.
 */
const LATER = ['postgres', 'yaml'];
const requiredWhenImported = {
  name: 'required-when-imported',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${LATER.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'required-when-imported' }));
    b.onLoad({ filter: /.*/, namespace: 'required-when-imported' }, (args) => ({ contents: `module.exports = __sandboxRequire(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const CACHE = 'dist/cli-bundle.cache';
rmSync(CACHE, { force: true }); // never a cache of another bundle: V8 checks little more than its length

await build({
  entryPoints: ['dist/main.js'],
  outfile: 'dist/cli-bundle.cjs',
  bundle: true,
  platform: 'node',
  // A script, not a module: V8 makes and takes code caches of scripts (vm.Script) without any flag.
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [englishOnlyZod, requiredWhenImported],
  define: { 'import.meta.url': '__sandboxModuleUrl' },
  banner: { js: "const __sandboxModuleUrl = require('node:url').pathToFileURL(__filename).href; const __sandboxRequire = require;" },
});
// dist/main.js's #! line, which esbuild keeps first, is no statement of a script: a comment instead.
const bundled = readFileSync('dist/cli-bundle.cjs', 'utf8');
if (bundled.startsWith('#!')) writeFileSync('dist/cli-bundle.cjs', `//${bundled.slice(2)}`);
if (/\bimport\(/.test(bundled)) {
  throw new Error('dist/cli-bundle.cjs has an import(), which fails in the vm.Script the bin runs: import such a package in a module the bundle includes, or add it to LATER in scripts/bundle-cli.mjs');
}
chmodSync('dist/cli.js', 0o755);

/**
 * The code cache: the bin started with ORDER_SANDBOX_WRITE_CODE_CACHE=1 writes it when it exits, here
 * after its start, a health check and a GET of a demo order (what a start and a first request compile).
 * A build that cannot do that (no loopback) goes on without: the bin then compiles as usual.
 */
async function makeCodeCache() {
  const child = spawn(process.execPath, ['dist/cli.js', '--port', '0', '--data', ':memory:', '--log-level', 'warn'], {
    // Not the build's own settings: a SANDBOX_ADMIN_TOKEN, HOST or port would change this start, and V8
    // flags in NODE_OPTIONS would make a cache V8 rejects in a start without them.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SANDBOX_|HOST$|PORT$|HTTPS_PORT$|NODE_OPTIONS$)/.test(k))), ORDER_SANDBOX_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`the CLI exited ${code} before listening`)));
    });
    await (await fetch(`${url}/__admin/health`)).text();
    const [demo] = await (await fetch(`${url}/__admin/kustom/orders?tenant=kco_test_api_demo`)).json();
    await (await fetch(`${url}/ordermanagement/v1/orders/${demo.order_id}`, { headers: { Authorization: 'Basic kco_test_api_demo' } })).text();
    child.kill('SIGTERM');
    await exited;
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    rmSync(CACHE, { force: true });
    console.warn(`no code cache for the CLI (${e instanceof Error ? e.message : e}); it starts without one`);
  } finally {
    clearTimeout(timer);
  }
  if (!existsSync(CACHE)) console.warn('no code cache for the CLI; it starts without one');
}
await makeCodeCache();
