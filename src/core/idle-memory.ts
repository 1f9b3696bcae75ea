import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives memory back once a busy server goes quiet.
 *
 * Under a durable write load, each request's objects live until its change is on disk, long enough to
 * outlive young-generation collections; they pile up in the old generation, which V8 collects only
 * when that reaches its limit, and Node gives V8 no idle time to do it sooner. Measured: RSS stayed at
 * ~170 MB after a 5 s OktoPOS create load that left ~29 MB of live data (bench/RESULTS.md, run 8).
 *
 * So after `idleMs` without a request, following at least `minRequests` since the last time, and only
 * while RSS is at least `minRssBytes`, this runs a few full collections, spaced out so that a request
 * arriving meanwhile waits for one at most (each takes milliseconds at these heap sizes); once requests
 * come again, or RSS is under the floor, the rest are skipped. `collect`
 * defaults to V8's own full collection.
 *
 * The RSS floor matters: a forced full collection also throws away optimised code that embedded objects
 * it freed ("weak objects" deoptimisations), and the next requests run slower until V8 has optimised
 * again. A read load leaves RSS near 110 MB, with nothing worth that price to give back; a write load
 * leaves 170 MB and more.
 *
 * @example
 * const idle = idleMemoryRelease({ idleMs: 1000, minRequests: 1000 });
 * server handler: idle.onRequest();  …  on close: idle.stop();
 */
export interface IdleMemoryOptions {
  idleMs?: number;
  minRequests?: number;
  /** Release only while RSS is at least this (default 128 MiB). */
  minRssBytes?: number;
  /** One full collection (default: V8's, enabled on first use). */
  collect?: () => void;
  /** Resident set size in bytes (default: the process's). */
  rss?: () => number;
}

export interface IdleMemoryRelease {
  onRequest(): void;
  /** Memory was freed outside requests (tenants evicted): release it at the next quiet moment, however few requests came. */
  nudge(): void;
  /** How many times memory was released (for tests and logs). */
  readonly releases: number;
  stop(): void;
}

const STEP_MS = 250;
/**
 * Milliseconds after the first collection at which the next ones run: V8 shrinks its spaces over a
 * few, and work the load left behind (Khumbu's POS answering its orders) allocates meanwhile. Each runs
 * only while RSS is still over the floor and no request has come since.
 */
const FOLLOW_UPS = [300, 1000, 2000];

export function idleMemoryRelease(opts: IdleMemoryOptions = {}): IdleMemoryRelease {
  const idleMs = opts.idleMs ?? 1000;
  const minRequests = opts.minRequests ?? 1000;
  const minRss = opts.minRssBytes ?? 128 * 1024 * 1024;
  const rss = opts.rss ?? (() => process.memoryUsage.rss());
  let collect = opts.collect;
  let requests = 0;
  let seen = 0;
  let sinceRelease = 0;
  let quietMs = 0;
  let releases = 0;
  const pending = new Set<NodeJS.Timeout>();

  const fullCollection = () => {
    collect ??= v8Collect();
    collect();
  };
  const timer = setInterval(() => {
    if (requests !== seen) {
      sinceRelease += requests - seen;
      seen = requests;
      quietMs = 0;
      return;
    }
    quietMs += STEP_MS;
    if (quietMs < idleMs || sinceRelease < minRequests) return;
    sinceRelease = 0; // small or not, this spell has been looked at
    if (rss() < minRss) return;
    releases++;
    fullCollection();
    const at = requests;
    for (const ms of FOLLOW_UPS) {
      const t = setTimeout(() => {
        pending.delete(t);
        if (requests === at && rss() >= minRss) fullCollection();
      }, ms);
      t.unref();
      pending.add(t);
    }
  }, STEP_MS);
  timer.unref();

  return {
    onRequest: () => void requests++,
    nudge: () => void (sinceRelease = Math.max(sinceRelease, minRequests)),
    get releases() {
      return releases;
    },
    stop() {
      clearInterval(timer);
      for (const t of pending) clearTimeout(t);
      pending.clear();
    },
  };
}

/** V8's full collection, as `--expose-gc` would give it (the documented node:v8 way to enable it at run time). */
function v8Collect(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
