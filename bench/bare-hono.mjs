// The baseline of the benchmark: a bare Hono server on @hono/node-server that answers a fixed body
// (given as a file path in argv[2]) on every path, and /__admin/health. Prints "listening on URL".
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

const bytes = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : '{"status":"ok"}';
const app = new Hono();
app.get('/__admin/health', (c) => c.json({ status: 'ok' }));
app.get('*', (c) => c.body(bytes, 200, { 'content-type': 'application/json' }));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`));
