// Server CPU time per request, sandbox GET order vs the bare Hono baseline: a steadier figure than
// requests/s on a shared, noisy machine (it does not count time the server spent waiting for a core).
//   node bench/cpu.mjs [--seconds 4] [--connections 50] [--rounds 5]      (after npm run build)
// The load is wrk in its own process (bench/wrk.mjs), run for --seconds; the server's CPU time over the
// run is divided by the requests wrk completed.
import { readFileSync } from 'node:fs';
import { arg, DEMO, getOrderServers, loader } from './kit.mjs';

const seconds = Math.min(arg('seconds', 4), 60);
const connections = arg('connections', 50);

/** utime and stime of a process or thread, in ms (Linux /proc; clock ticks are 100 Hz). */
function times(path) {
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}
/** CPU ms of the whole process, and of its main (JavaScript) thread. */
function cpuMs(pid) {
  const all = times(`/proc/${pid}/stat`);
  const main = times(`/proc/${pid}/task/${pid}/stat`);
  return { total: all.user + all.system, main: main.user + main.system, system: all.system };
}
const load = loader({ connections });
async function usPerRequest(server, opts) {
  await load({ ...opts, duration: 1 }); // warm
  const before = cpuMs(server.pid);
  const r = await load({ ...opts, duration: seconds });
  const after = cpuMs(server.pid);
  const us = (k) => ((after[k] - before[k]) * 1000) / r.requests.total;
  return { us: us('total'), main: us('main'), system: us('system'), errors: r.errors + r.non2xx + r.timeouts, rps: r.requests.average };
}

const { mem, bare, orderPath: path } = await getOrderServers();
const rows = [];
const rounds = Math.min(arg('rounds', 5), 20);
const ratios = [];
for (let i = 0; i < rounds; i++) {
  const s = await usPerRequest(mem, { url: mem.url + path, headers: DEMO });
  const b = await usPerRequest(bare, { url: bare.url + path, headers: DEMO }); // the same request, credential and all
  ratios.push(b.us / s.us);
  rows.push({
    'sandbox µs/req': s.us.toFixed(1), 'bare µs/req': b.us.toFixed(1), 'bare/sandbox': (b.us / s.us).toFixed(2),
    'main thread': `${s.main.toFixed(1)} / ${b.main.toFixed(1)}`, 'kernel': `${s.system.toFixed(1)} / ${b.system.toFixed(1)}`,
    'req/s': `${Math.round(s.rps)} / ${Math.round(b.rps)}`, errors: s.errors + b.errors,
  });
}
console.table(rows);
console.log(`median bare/sandbox CPU per request over ${rounds} alternating rounds: ${[...ratios].sort((x, y) => x - y)[Math.floor(rounds / 2)].toFixed(2)}`);
await mem.stop();
await bare.stop();
