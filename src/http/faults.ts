import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Fault } from '../core/scenarios/schema.js';
import type { SandboxEnv } from './env.js';

/**
 * Network faults, applied by a service's edge once every other layer (idempotency cache, journal) has
 * seen the request. A scenario gate only marks the request (`vars(c).fault = …`); `applyFault` then
 * breaks the wire:
 *
 * - `connection_reset`: a TCP reset (the client sees ECONNRESET); the operation was not done.
 * - `empty_response`: the connection closes without a byte; not done.
 * - `timeout`: the connection stays open, silent, until the client gives up (or the sandbox closes); not done.
 * - `malformed_json`: `200` with a truncated JSON body; not done.
 * - `commit_then_drop`: the operation was done (and its answer kept for idempotent retries), then the
 *   connection drops before the answer.
 *
 * In process (`sandbox.request()`, no socket) the same faults reject the call the way `fetch` does: a
 * `TypeError('fetch failed')` whose `cause.code` names the fault (see {@link inProcessFault}).
 *
 * @example
 * const fault = vars(c).fault; if (fault) await applyFault(c, fault, shutdown);
 */
export const FAULT_HEADER = 'x-sandbox-fault';

/** Status of the stand-in answer while a fault is on its way to the edge (never cached, never sent). */
export const FAULT_STAND_IN = 599;

export const MALFORMED_BODY = '{"sandbox":"this answer was cut short by a scenario (malformed_json)","order';

const CAUSE_CODES: Record<Fault, string> = {
  connection_reset: 'ECONNRESET',
  empty_response: 'UND_ERR_SOCKET',
  timeout: 'UND_ERR_HEADERS_TIMEOUT',
  malformed_json: '',
  commit_then_drop: 'UND_ERR_SOCKET',
};

/** The stand-in a scenario gate answers with for faults that skip the operation. */
export function faultStandIn(): Response {
  return new Response(null, { status: FAULT_STAND_IN });
}

/** The status the journal records: 0 when the client got no answer; the operation's own for commit_then_drop (done, answer lost). */
export function seenStatus(fault: Fault | undefined, status: number): number {
  if (!fault) return status;
  if (fault === 'malformed_json') return 200;
  if (fault === 'commit_then_drop') return status;
  return 0;
}

function until(target: { once(e: 'close', f: () => void): unknown } | null, signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((s) => s.aborted)) return resolve();
    target?.once('close', () => resolve());
    for (const s of signals) s.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Breaks the wire the way `fault` says, once the request has been journaled (see serviceEdge). */
export async function applyFault(c: Context<SandboxEnv>, fault: Fault, shutdown: AbortSignal): Promise<void> {
  if (fault === 'malformed_json') {
    c.res = new Response(MALFORMED_BODY, { status: 200, headers: { 'content-type': 'application/json' } });
    return;
  }
  const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket ?? null;
  if (fault === 'timeout') await until(socket, [shutdown, c.req.raw.signal]);
  if (socket) {
    if (fault === 'connection_reset') socket.resetAndDestroy();
    else socket.destroy();
    c.res = new Response(null, { status: 204 });
    return;
  }
  c.res = new Response(null, { status: FAULT_STAND_IN, headers: { [FAULT_HEADER]: fault } });
}

/** For in-process calls: the rejection a real client would see for this answer, or null for a normal one. */
export function inProcessFault(res: Response, signal?: AbortSignal | null): Error | null {
  const fault = res.headers.get(FAULT_HEADER) as Fault | null;
  if (res.status !== FAULT_STAND_IN || !fault) return null;
  if (fault === 'timeout' && signal?.aborted) return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
  const cause = Object.assign(new Error(`sandbox scenario fault: ${fault}`), { code: CAUSE_CODES[fault], fault });
  return new TypeError('fetch failed', { cause });
}
