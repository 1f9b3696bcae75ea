// wrk as the bench's load generator, in its own process (C, one thread: it takes far less CPU per
// request than a generator in Node, and never shares the bench's event loop).
//
//   wrk -t1 -c<connections> -d<seconds>s --timeout 10s --latency -s <script.lua> <url>
//
// Method, headers and body go through a Lua script written to a temporary folder per run. A run whose
// requests differ (a unique id, a random one of a list of ids, a round-robin tenant) gets a Lua
// `request()` that builds each request with wrk.format(); its templates (path, header values, body)
// hold `{{name}}` placeholders:
//   {{uid}}   `<tag>-<n>`: unique per request, and per run (the tag is random per run unless given),
//             so two runs against one server never send the same id
//   {{n}}     the run's request counter (wrk calls request() once at start-up to check the script and
//             never sends that request: the first one sent is n = 2)
//   {{x}}     any Lua expression given as vars: { x: '…' } (it may use n, tag, uid, pick(list) and the
//             lists given as lists: { name: [...] })
// Non-2xx counts come from wrk's own "Non-2xx or 3xx responses" line (it counts status ≥ 400), socket
// errors from its "Socket errors" line: no `response()` hook, which would make wrk read every body.
// (wrk's "timeout" there counts answers slower than --timeout 10 s, autocannon's default; they are
// still answers, in the request count.)
// The one exception is `limit: N`, a run of exactly N requests: a `delay()` hook lets N requests start
// and holds every later one back (an hour), a `response()` hook counts the answers (and those < 400),
// and at the Nth answer the script prints a line on which wrk.mjs sends wrk SIGINT (wrk then prints
// its summary as at the end of -d, over the time actually run). -d stays the bound: a request lost to
// a socket error is never answered, and the run then ends at -d.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Lua string literal of `s` (its UTF-8 bytes; anything not printable ASCII as a \ddd escape). */
export function luaString(s) {
  let out = '"';
  for (const b of Buffer.from(String(s), 'utf8')) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${String(b).padStart(3, '0')}`;
  }
  return `${out}"`;
}

const PLACEHOLDER = /\{\{(\w+)\}\}/;
/** A Lua expression for a template: its literal parts and its placeholders, joined with `..`. */
function luaTemplate(template) {
  const parts = String(template).split(new RegExp(PLACEHOLDER.source, 'g'));
  const exprs = parts.map((p, i) => (i % 2 ? `tostring(${p})` : p === '' ? null : luaString(p))).filter(Boolean);
  return exprs.length ? exprs.join(' .. ') : '""';
}
const isTemplate = (s) => s !== undefined && PLACEHOLDER.test(String(s));

/** The Lua script of one run. */
export function wrkScript({ method = 'GET', path, headers = {}, body, vars = {}, lists = {}, tag, limit }) {
  const dynamic = limit || Object.keys(vars).length > 0 || isTemplate(path) || isTemplate(body) || Object.values(headers).some(isTemplate);
  const lines = [`wrk.method = ${luaString(method)}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`);
  if (body !== undefined) lines.push(`wrk.body = ${luaString(body)}`);
  if (!dynamic) return `${lines.join('\n')}\n`; // wrk sends the same bytes every time: its fastest mode
  lines.push(
    `tag = ${luaString(tag)}`,
    'n = 0',
    'math.randomseed(os.time())',
    'local function pick(t) return t[math.random(#t)] end',
    ...Object.entries(lists).map(([name, xs]) => `local ${name} = { ${xs.map(luaString).join(', ')} }`),
    'request = function()',
    '  n = n + 1',
  );
  lines.push(
    '  local uid = tag .. "-" .. n',
    ...Object.entries(vars).map(([name, expr]) => `  local ${name} = ${expr}`),
    `  return wrk.format(${luaString(method)}, ${path === undefined ? 'wrk.path' : luaTemplate(path)}, { ${Object.entries(headers).map(([k, v]) => `[${luaString(k)}] = ${luaTemplate(v)}`).join(', ')} }, ${body === undefined ? 'nil' : luaTemplate(body)})`,
    'end',
  );
  if (limit) {
    const count = Number(limit);
    if (!Number.isInteger(count) || count < 1) throw new Error(`limit must be a whole number of requests, not ${JSON.stringify(limit)}`);
    // Counted in the thread's state (globals, so done(), in wrk's main state, can read them through
    // thread:get after the run). Each delay() that answers 0 is followed by exactly one request().
    lines.push(
      'started = 0',
      'answered = 0',
      'ok = 0',
      `delay = function() if started >= ${count} then return 3600000 end started = started + 1 return 0 end`,
      'response = function(status, headers, body)',
      '  answered = answered + 1',
      '  if status < 400 then ok = ok + 1 end',
      `  if answered == ${count} then io.write("WRK-LIMIT-REACHED\\n"); io.flush(); wrk.thread:stop() end`,
      'end',
      'local threads = {}',
      'setup = function(thread) table.insert(threads, thread) end',
      'done = function(summary, latency, requests)',
      '  local a, o = 0, 0',
      '  for _, t in ipairs(threads) do a = a + (t:get("answered") or 0); o = o + (t:get("ok") or 0) end',
      '  io.write("WRK-ANSWERED " .. a .. " OK " .. o .. "\\n")',
      'end',
    );
  }
  return `${lines.join('\n')}\n`;
}

const UNIT = { us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** wrk's summary as { requests: { average, total }, errors, non2xx, timeouts, latency (ms), seconds }. */
export function parseWrk(out) {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!rps) throw new Error(`wrk printed no Requests/sec:\n${out}`);
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m|h)/.exec(out);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const limited = /WRK-ANSWERED (\d+) OK (\d+)/.exec(out);
  const latency = {};
  for (const m of out.matchAll(/^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$/gm)) latency[`p${m[1]}`] = Number(m[2]) * UNIT[m[3]];
  return {
    requests: { average: Number(rps[1]), total: total ? Number(total[1]) : NaN },
    seconds: total ? (Number(total[2]) * UNIT[total[3]]) / 1000 : NaN,
    errors: sock ? Number(sock[1]) + Number(sock[2]) + Number(sock[3]) : 0,
    timeouts: sock ? Number(sock[4]) : 0,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    ...(limited ? { answered: Number(limited[1]), ok: Number(limited[2]) } : {}),
    latency,
  };
}

/** wrk's first line of `--version`, or null when it is not installed. */
export function wrkVersion() {
  const r = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (r.error) return null;
  return `${r.stdout}${r.stderr}`.split('\n')[0].trim();
}

let runs = 0;
/**
 * One wrk run. `url` is the base (its path is the default request path), `duration` in seconds.
 * Resolves to parseWrk's result; wrk is killed if it overruns `duration` by 10 s.
 */
export async function wrk({ url, connections = 50, duration = 5, tag, ...request }) {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-wrk-'));
  const script = join(dir, 'load.lua');
  tag ??= `r${process.pid.toString(36)}${(runs++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await writeFile(script, wrkScript({ ...request, tag }));
  const seconds = Math.max(1, Math.ceil(duration));
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', '-s', script, url];
  try {
    const out = await new Promise((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let overran = false;
      const timer = setTimeout(() => { overran = true; child.kill('SIGKILL'); }, (seconds + 10) * 1000);
      child.stdout.on('data', (d) => {
        stdout += String(d);
        // The limit is reached: SIGINT ends wrk's sleep, and it prints its summary as at the end of -d.
        if (request.limit && stdout.includes('WRK-LIMIT-REACHED') && !child.killed) child.kill('SIGINT');
      });
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.once('error', (e) => { clearTimeout(timer); reject(e.code === 'ENOENT' ? new Error('wrk is not installed: apt-get install -y wrk') : e); });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (overran) reject(new Error(`wrk ${args.join(' ')} overran ${seconds} s by 10 s; killed`));
        else if (code !== 0) reject(new Error(`wrk exited ${code ?? signal}: ${stderr}${stdout}`));
        else resolve(stdout + stderr);
      });
    });
    return { ...parseWrk(out), tag };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
