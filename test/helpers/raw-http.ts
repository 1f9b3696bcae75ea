import { connect, type Socket } from 'node:net';

/**
 * HTTP/1.1 over a raw socket, for what `fetch` hides: header names exactly as they were sent, and
 * what a server does with the connection after each answer.
 *
 * @example
 * const conn = await rawConnection(port);
 * const res = await conn.send('GET /__admin/health HTTP/1.1\r\nHost: x\r\n\r\n');
 * res.names; // ['Content-Type', 'Date', 'Connection', 'Keep-Alive', 'Content-Length']
 */
export interface RawResponse {
  status: number;
  /** Header lines as sent: [name, value], in order. */
  headers: [string, string][];
  names: string[];
  body: string;
  header(name: string): string | undefined;
}

export interface RawConnection {
  /** Writes `request` (string or bytes, or several pieces written one after another) and reads one answer. */
  send(request: string | Buffer | (string | Buffer)[]): Promise<RawResponse>;
  /** Resolves when the server has closed the connection (true) or after `ms` with it still open (false). */
  closedWithin(ms: number): Promise<boolean>;
  socket: Socket;
  /** The code of the socket's error, if it had one (ECONNRESET: the server reset the connection). */
  error(): string | undefined;
  close(): void;
}

/** `halfOpen`: keep our side open (and writable) after the server closes its side, as a client still sending a body does. */
export function rawConnection(port: number, host = '127.0.0.1', opts: { halfOpen?: boolean } = {}): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, allowHalfOpen: opts.halfOpen ?? false });
    let buffer = Buffer.alloc(0);
    let ended = false;
    let errorCode: string | undefined;
    let waiter: (() => void) | null = null;
    const wake = () => {
      const w = waiter;
      waiter = null;
      w?.();
    };
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      wake();
    });
    socket.on('end', () => {
      ended = true;
      wake();
    });
    socket.on('close', () => {
      ended = true;
      wake();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      errorCode = e.code;
      ended = true;
      wake();
    });
    const next = () => new Promise<void>((r) => (waiter = r));

    async function readResponse(): Promise<RawResponse> {
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end !== -1) {
          const head = buffer.subarray(0, end).toString('latin1').split('\r\n');
          const status = Number(head[0]!.split(' ')[1]);
          const headers = head.slice(1).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]);
          const get = (n: string) => headers.find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1];
          const length = get('content-length');
          const chunked = get('transfer-encoding') === 'chunked';
          const rest = buffer.subarray(end + 4);
          let body: Buffer | null = null;
          let used = 0;
          if (length !== undefined) {
            if (rest.length >= Number(length)) {
              body = rest.subarray(0, Number(length));
              used = Number(length);
            }
          } else if (chunked) {
            const text = rest.toString('latin1');
            const done = text.indexOf('\r\n0\r\n\r\n');
            if (done !== -1 || text.startsWith('0\r\n\r\n')) {
              used = done === -1 ? 5 : done + 7;
              body = Buffer.from(dechunk(text.slice(0, used)), 'latin1');
            }
          } else if (status === 204 || status === 304 || ended) {
            body = rest;
            used = rest.length;
          }
          if (body) {
            buffer = rest.subarray(used);
            return { status, headers, names: headers.map(([k]) => k), body: body.toString('utf8'), header: get };
          }
        }
        if (ended) throw new Error(`connection closed before a whole answer arrived (had ${buffer.length} bytes)`);
        await next();
      }
    }

    socket.once('connect', () => resolve({
      socket,
      async send(request) {
        for (const piece of Array.isArray(request) ? request : [request]) socket.write(piece);
        return readResponse();
      },
      async closedWithin(ms) {
        const timer = new Promise<void>((r) => setTimeout(r, ms));
        while (!ended) {
          const r = await Promise.race([next().then(() => 'event'), timer.then(() => 'timeout')]);
          if (r === 'timeout') return ended;
        }
        return true;
      },
      error: () => errorCode,
      close: () => socket.destroy(),
    }));
    socket.once('error', reject);
  });
}

function dechunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, eol), 16);
    if (!size) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** A request head plus optional body, with Host and (when there is a body) Content-Length. */
export function request(method: string, path: string, headers: Record<string, string> = {}, body?: string): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}
