// Part of `npm run build`: bundles the CLI (dist/main.js and everything it imports, dependencies
// included) into one file, dist/cli.js, the package's `bin`. Loading one file instead of several hundred
// ES modules (zod alone is hundreds) is what brings start-up near a bare Hono server's. The library entry
// (dist/index.js, `import 'order-sandbox'`) stays unbundled. Paths the code resolves from import.meta.url
// (fixtures, package.json, the dashboard's files) are laid out so both dist/main.js and dist/cli.js find them.
import { build } from 'esbuild';

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
  // Some dependencies call require() (CommonJS); give the ES module bundle one.
  // (dist/main.js's own #! line stays first.)
  banner: { js: "import { createRequire as __sandboxRequire } from 'node:module'; const require = __sandboxRequire(import.meta.url);" },
});
