// Part of `npm run build`: copies the dashboard's and the docs page's files into dist/ui/public, with
// Scalar's self-contained browser bundle (vendor/scalar-api-reference, MIT) beside them as scalar.js.
// Shipping the one 4.8 MB file instead of depending on the package keeps an install of order-sandbox at
// ~20 MB instead of ~380 MB (the package pulls Vue, CodeMirror and the whole Scalar client).
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = 'dist/ui/public';
mkdirSync(out, { recursive: true });
cpSync('src/ui/public', out, { recursive: true });
copyFileSync(join('vendor', 'scalar-api-reference', 'standalone.js'), join(out, 'scalar.js'));
