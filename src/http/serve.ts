import { createServer as createHttpsServer } from 'node:https';
import { serve, type ServerType } from '@hono/node-server';
import { idleMemoryRelease, type IdleMemoryRelease } from '../core/idle-memory.js';
import { onClientError, WireResponse } from './wire-response.js';

/**
 * Serves a fetch handler on a port over HTTP/1.1 or HTTPS, with what every sandbox server shares: the
 * response class that decides the wire (wire-response.ts), its client-error handling, limits on slow
 * clients, and the idle-memory release the CLI turns on.
 *
 * @example
 * const servers = new Set<ServerType>();
 * const { url, close } = await serveOn((req, env) => app.fetch(req, env), 0, '127.0.0.1', {}, servers);
 */
export interface ServeOptions {
  /** Headers must arrive within this (default 10 s). */
  headersTimeoutMs?: number;
  /** The whole request must arrive within this (default 30 s). */
  requestTimeoutMs?: number;
  /** After a busy spell, once a second passes without a request and while RSS is over 128 MB, run full garbage collections (see core/idle-memory.ts). The CLI turns it on. */
  releaseIdleMemory?: boolean;
  /** Serve HTTPS (with the sandbox's certificate, see `SandboxOptions.tls`) instead of HTTP. */
  https?: boolean;
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `tls`: the certificate chain and key, when `limits.https`; `servers`: where the server is kept while it listens. */
export function serveOn(
  fetch: (req: Request, nodeEnv: object) => Response | Promise<Response>,
  port: number,
  host: string,
  limits: ServeOptions,
  servers: Set<ServerType>,
  tls?: { cert: string; key: string },
  idles?: Set<IdleMemoryRelease>,
): Promise<Listening> {
  const headersTimeout = limits.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(limits.requestTimeoutMs ?? 30_000, headersTimeout);
  const serverOptions = { headersTimeout, requestTimeout, keepAliveTimeout: 5_000, connectionsCheckingInterval: Math.min(1_000, headersTimeout), ServerResponse: WireResponse };
  const secure = limits.https && tls ? { createServer: createHttpsServer, serverOptions: { ...serverOptions, ...tls } } : { serverOptions };
  return new Promise((resolve, reject) => {
    const idle = limits.releaseIdleMemory ? idleMemoryRelease() : null;
    if (idle) idles?.add(idle);
    const onRequest = (req: Request, nodeEnv: object) => {
      idle?.onRequest();
      return fetch(req, nodeEnv);
    };
    const server = serve({ fetch: onRequest, port, hostname: host, ...secure }, (info) => {
      const shownHost = host.includes(':') ? `[${host}]` : host;
      const url = `${limits.https ? 'https' : 'http'}://${shownHost}:${info.port}`;
      resolve({ url, port: info.port, close: () => closeServer(server) });
    });
    server.on('clientError', onClientError);
    servers.add(server);
    server.once('error', reject);
    server.once('close', () => {
      servers.delete(server);
      idle?.stop();
      if (idle) idles?.delete(idle);
    });
  });
}

/** Stops accepting, ends every connection, and resolves once the server is closed. */
export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}
