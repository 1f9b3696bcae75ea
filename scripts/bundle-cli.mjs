// Part of `npm run build`: bundles the CLI (dist/main.js and everything it imports, dependencies
// included) into one file, dist/cli.js, the package's `bin`. Loading one file instead of several hundred
// ES modules (zod alone is hundreds) is what brings start-up near a bare Hono server's. The library entry
// (dist/index.js, `import 'order-sandbox'`) stays unbundled. Paths the code resolves from import.meta.url
// (fixtures, package.json, the dashboard's files) are laid out so both dist/main.js and dist/cli.js find them.
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

await build({
  entryPoints: ['dist/main.js'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
  plugins: [englishOnlyZod],
  // Packages of their own, loaded only when needed, never parsed at start otherwise (each is imported with
  // import(), not an import declaration, which the bundle would hoist): the PostgreSQL client when --data
  // is a postgres:// URL, the YAML parser when there are scenario files (a sixth of the bundle it was).
  external: ['postgres', 'yaml'],
  // Some dependencies call require() (CommonJS); give the ES module bundle one.
  // (dist/main.js's own #! line stays first.)
  banner: { js: "import { createRequire as __sandboxRequire } from 'node:module'; const require = __sandboxRequire(import.meta.url);" },
});
