import { connect } from 'node:net';
import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';

/** Slow clients (slowloris) are cut off; everyone else is served meanwhile. */
function slowClient(port: number, lines: string[], everyMs: number): Promise<{ closedAfterMs: number; received: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let received = '';
    const socket = connect(port, '127.0.0.1');
    let i = 0;
    const timer = setInterval(() => {
      if (i < lines.length && !socket.destroyed) socket.write(lines[i++] as string);
    }, everyMs);
    socket.on('data', (d) => (received += String(d)));
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: performance.now() - started, received });
    });
    socket.on('error', () => undefined);
  });
}

test('a client that sends its headers too slowly is answered 408 and disconnected; others are served', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  const { url, port, close } = await sb.listen(0, '127.0.0.1', { headersTimeoutMs: 300, requestTimeoutMs: 600 });
  try {
    const headerDrip = Array.from({ length: 100 }, (_, i) => (i === 0 ? 'GET /__admin/health HTTP/1.1\r\nHost: x\r\n' : `X-Drip-${i}: 1\r\n`));
    const slow = slowClient(port, headerDrip, 50);
    const others = await Promise.all(Array.from({ length: 5 }, () => fetch(`${url}/__admin/health`).then((r) => r.status)));
    expect(others).toEqual([200, 200, 200, 200, 200]);
    const { closedAfterMs, received } = await slow;
    expect(closedAfterMs).toBeLessThan(3000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  } finally {
    await close();
    await sb.close();
  }
});

test('a client that drips its body is cut off by the request timeout', async () => {
  const sb = await createSandbox({ logLevel: 'silent' });
  const { port, close } = await sb.listen(0, '127.0.0.1', { headersTimeoutMs: 300, requestTimeoutMs: 600 });
  try {
    const head = 'POST /v1/order/create HTTP/1.1\r\nHost: x\r\nX-API-KEY: k\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
    const { closedAfterMs } = await slowClient(port, [head, ...Array.from({ length: 200 }, () => '{')], 50);
    expect(closedAfterMs).toBeLessThan(3000);
    expect(sb.admin.journal.list({ service: 'oktopos' }).filter((e) => e.status === 200)).toEqual([]);
  } finally {
    await close();
    await sb.close();
  }
});
