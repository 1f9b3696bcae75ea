import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * What the sandbox's HTTP/1.1 servers put on the wire, in the one place every response passes: Node's
 * `ServerResponse`, given to `http.createServer` / `https.createServer` as their response class.
 *
 * **Header names as the real APIs spell them.** A Fetch `Headers` keeps names in lower case, so
 * everything Hono answers would leave as `content-type`, `location`, `capture-id`. HTTP says names are
 * case-insensitive, but real clients look them up byte for byte (Klarna's PHP SDK asks Guzzle for
 * `Content-Type` and `Location` and fails without them). {@link wireName} spells each name the way
 * the vendors' own servers do: each word capitalised (`Content-Type`, `Capture-Id`,
 * `Klarna-Correlation-Id`, `X-Ratelimit-Remaining`, `X-Sandbox-Hint`), except the names whose real
 * spelling is otherwise (`WWW-Authenticate`, `ETag`, AWS API Gateway's `x-amzn-RequestId`,
 * `x-amz-apigw-id`, `x-amzn-ErrorType`).
 *
 * **No reused socket after an unread body.** An answer given before a large request body was read (413,
 * an early 401 or 415, a scenario's refusal) would otherwise go out as `Connection: keep-alive` while
 * body bytes are still on their way; @hono/node-server then drains for at most 500 ms (or the body
 * stream was already cancelled) and closes the socket under a client that was told it could reuse it
 * (undici: `UND_ERR_SOCKET other side closed`). Here such an answer says `Connection: close`, and the
 * socket is closed the way nginx does it (lingering close): the answer is sent and our side shut,
 * then whatever the client still sends is read and dropped for up to {@link LINGER_MS}, so that the
 * kernel does not reset the connection (and the client lose the answer) over bytes nobody read.
 *
 * @example
 * http.createServer({ ServerResponse: WireResponse }, listener);
 * // HTTP/1.1 201 Created
 * // Capture-Id: 4b4cbd8c-…
 * // Location: http://127.0.0.1:4010/ordermanagement/v1/orders/…/captures/4b4cbd8c-…
 * // Klarna-Correlation-Id: …
 */
export const LINGER_MS = 2_000;
/** A body up to this size (declared by Content-Length) is drained after an early answer rather than the connection closed. */
export const DRAIN_BYTES = 64 * 1024;

const SPELLED: Record<string, string> = {
  'www-authenticate': 'WWW-Authenticate',
  etag: 'ETag',
  'x-amzn-requestid': 'x-amzn-RequestId',
  'x-amz-apigw-id': 'x-amz-apigw-id',
  'x-amzn-errortype': 'x-amzn-ErrorType',
  'x-amzn-trace-id': 'X-Amzn-Trace-Id',
  'content-md5': 'Content-MD5',
  te: 'TE',
};

const known = new Map<string, string>(Object.entries(SPELLED));
const MAX_KNOWN = 1024;

/**
 * A header name as the real APIs spell it on the wire.
 *
 * @example
 * wireName('klarna-correlation-id'); // 'Klarna-Correlation-Id'
 * wireName('x-amzn-requestid');      // 'x-amzn-RequestId'
 */
export function wireName(name: string): string {
  const hit = known.get(name);
  if (hit !== undefined) return hit;
  const lower = name.toLowerCase();
  const spelled = SPELLED[lower] ?? lower.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
  if (known.size < MAX_KNOWN) known.set(name, spelled);
  return spelled;
}

/** The headers with every name spelled by {@link wireName}; the same object when all already were. */
function spellHeaders(headers: OutgoingHttpHeaders | OutgoingHttpHeader[]): OutgoingHttpHeaders | OutgoingHttpHeader[] {
  if (Array.isArray(headers)) {
    // [[name, value], …] or [name, value, name, value, …]
    if (Array.isArray(headers[0])) return (headers as unknown as [string, OutgoingHttpHeader][]).map(([n, v]) => [wireName(n), v]) as unknown as OutgoingHttpHeader[];
    return headers.map((h, i) => (i % 2 === 0 ? wireName(String(h)) : h));
  }
  let same = true;
  for (const name in headers) {
    if (wireName(name) !== name) {
      same = false;
      break;
    }
  }
  if (same) return headers;
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) out[wireName(name)] = headers[name];
  return out;
}

/**
 * Whether an answer now leaves more of the request's body unread than is worth draining: a declared
 * length over {@link DRAIN_BYTES}, or a chunked body, not yet read to its end. A smaller one (say the
 * `{}` of a request refused at authentication, which Node has not parsed yet when the answer goes
 * out) is read and dropped by Node after the answer, and the connection stays open.
 */
function bodyUnread(req: IncomingMessage): boolean {
  if (req.complete) return false;
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > DRAIN_BYTES;
}

const lingering = new WeakSet<Socket>();

/**
 * Shuts our side, reads and drops the rest of the request's body, and closes once it has all arrived,
 * the client has closed its side, or {@link LINGER_MS} have passed. Reading goes through the request:
 * Node's parser feeds the socket's bytes to it, and pauses the socket while the request is paused.
 */
function lingerClose(socket: Socket, req: IncomingMessage): void {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  const done = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(done, LINGER_MS);
  timer.unref();
  socket.once('end', done);
  socket.once('close', () => clearTimeout(timer));
  req.once('end', done);
  req.once('error', done);
  socket.end();
  // Whoever read the body before (a web stream that was cancelled) would pause it again when its queue fills.
  req.removeAllListeners('data');
  req.on('data', discard);
  req.resume();
}

const discard = () => {};

export class WireResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override writeHead(statusCode: number, reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this {
    if (typeof reason !== 'string' && reason !== undefined) {
      headers = reason;
      reason = undefined;
    }
    // Names set earlier through setHeader keep the spelling given there: spell them too.
    for (const name of this.getHeaderNames()) {
      const spelled = wireName(name);
      const value = this.getHeader(name);
      if (value !== undefined) this.setHeader(spelled, value);
    }
    if (bodyUnread(this.req)) this.closeAfterUnreadBody();
    const spelled = headers === undefined ? undefined : spellHeaders(headers);
    return reason === undefined ? super.writeHead(statusCode, spelled) : super.writeHead(statusCode, reason, spelled);
  }

  /** `Connection: close`, and a lingering close of the socket once the answer is out. */
  private closeAfterUnreadBody(): void {
    this.setHeader('Connection', 'close');
    this.shouldKeepAlive = false;
    const socket = this.socket as (Socket & { destroySoon?: () => void }) | null;
    const req = this.req;
    if (socket) socket.destroySoon = () => lingerClose(socket, req);
  }
}

/** Node's own answers to a client error (lib/_http_server.js), for the cases {@link onClientError} leaves to it. */
const NODE_ANSWERS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
};
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

type ClientSocket = Duplex & { _httpMessage?: ServerResponse | null; bytesWritten?: number };

/**
 * The servers' `clientError` handler. Bytes that cannot start a request, right after a request that
 * declared no body, are that request's body sent without a length: `@crystallize/node-klarna` writes
 * `{}` after every GET with neither Content-Length nor chunked encoding. Node would answer 400 in place
 * of the GET (or after its answer, on a connection the client keeps for its next request). Here the GET
 * gets its answer, with `Connection: close`, and the connection closes after it. Every other client
 * error gets Node's own answer.
 *
 * @example
 * server.on('clientError', onClientError);
 */
export function onClientError(err: Error & { code?: string }, socket: Duplex): void {
  const s = socket as ClientSocket;
  const pending = s._httpMessage;
  const garbage = err.code === 'HPE_INVALID_METHOD' || err.code === 'HPE_INVALID_CONSTANT';
  if (garbage && pending && !pending.writableFinished) {
    if (!pending.headersSent) pending.shouldKeepAlive = false; // Node closes after it
    else pending.once('finish', () => socket.end());
    return;
  }
  if (garbage && !pending && (s.bytesWritten ?? 0) > 0) {
    socket.end(); // the request before was answered already: nothing to add to it
    return;
  }
  if (socket.writable && (!pending || !pending.headersSent)) socket.write(NODE_ANSWERS[err.code ?? ''] ?? BAD_REQUEST);
  socket.destroy(err);
}
