import { once } from 'node:events';
import { createServer } from 'node:http';
import { onTestFinished } from 'vitest';

/**
 * A webhook receiver on 127.0.0.1 for one test: it answers the statuses given, in turn (the last one from
 * then on), and keeps what it got. Closed when the test ends.
 *
 * @example
 * const hooks = await receiver([500, 200]); // the first attempt fails, the retry succeeds
 */
export interface Received {
  path: string;
  kind: string | undefined;
  body: string;
}

export async function receiver(statuses: number[] = [200]): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  let i = 0;
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    req.on('end', () => {
      got.push({ path: req.url ?? '', kind: req.headers['x-sandbox-webhook'] as string | undefined, body: data });
      res.statusCode = statuses[Math.min(i++, statuses.length - 1)] ?? 200;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, got };
}
