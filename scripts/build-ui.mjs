// Part of `npm run build`: copies the dashboard's files into dist/ui/public, with Scalar's self-contained
// browser bundle (from the @scalar/api-reference devDependency, MIT) beside them as scalar.js. Shipping the
// one 4.8 MB file instead of depending on the package keeps an install of order-sandbox at ~20 MB
// instead of ~380 MB (the package pulls Vue, CodeMirror and the whole Scalar client at runtime).
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const out = 'dist/ui/public';
mkdirSync(out, { recursive: true });
cpSync('src/ui/public', out, { recursive: true });
// The package exports only its module entry (dist/index.js); the browser bundle sits beside it.
copyFileSync(join(dirname(require.resolve('@scalar/api-reference')), 'browser', 'standalone.js'), join(out, 'scalar.js'));
