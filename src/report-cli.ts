import { writeFile } from 'node:fs/promises';
import type { ReadinessReport } from './core/readiness/report.js';
import { toJunit, toMarkdown } from './core/readiness/render.js';

/**
 * `order-sandbox report`: fetches a tenant's go-live readiness report from a running sandbox
 * (`GET /__admin/report`) and prints it as JSON, JUnit XML or Markdown, for a CI artifact and gate.
 *
 * @example
 * // order-sandbox report --url http://127.0.0.1:4010 --tenant my-merchant --service kustom --format junit --require must > readiness.xml
 * const code = await runReport(['--tenant', 't'], process.env, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
 */
export const REPORT_USAGE = `Usage: order-sandbox report --tenant T [options]

  --url U             the sandbox (env SANDBOX_URL, default http://127.0.0.1:4010)
  --tenant T          the tenant to judge: the Kustom merchant key, the Khumbu client_id, the OktoPOS API key
  --service S         kustom, khumbu or oktopos (repeatable; default: every service the tenant used)
  --format F          json (default), junit or markdown
  --output FILE       write the report there instead of standard output
  --require R         must: exit 1 when a must-have check fails;
                      exercised: also when a must-have check was not exercised
  --admin-token T     the sandbox's admin token (env SANDBOX_ADMIN_TOKEN)
  -h, --help          this text

Exit status: 0 done (and, with --require, the gate passed), 1 the gate failed, 2 usage or sandbox error.
`;

const SERVICES = ['kustom', 'khumbu', 'oktopos'];
const FORMATS = ['json', 'junit', 'markdown'] as const;
const REQUIRE = ['must', 'exercised'] as const;
const VALUE_FLAGS = new Set(['--url', '--tenant', '--service', '--format', '--output', '--require', '--admin-token']);

export interface ReportArgs {
  url: string;
  tenant: string;
  services: string[];
  format: (typeof FORMATS)[number];
  output: string | undefined;
  require: (typeof REQUIRE)[number] | undefined;
  adminToken: string | undefined;
}

export function parseReportArgs(argv: string[], env: Record<string, string | undefined>): { ok: true; args: ReportArgs } | { ok: false; error: string } | { ok: true; help: true } {
  const args: Partial<ReportArgs> & { services: string[] } = { services: [], url: env['SANDBOX_URL'], adminToken: env['SANDBOX_ADMIN_TOKEN'] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { ok: true, help: true };
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!VALUE_FLAGS.has(flag)) return { ok: false, error: `unknown option ${arg}` };
    const v = inline ?? argv[++i];
    if (v === undefined || v === '') return { ok: false, error: `${flag} needs a value` };
    switch (flag) {
      case '--url': args.url = v; break;
      case '--tenant': args.tenant = v; break;
      case '--service':
        if (!SERVICES.includes(v)) return { ok: false, error: `unknown service "${v}": use ${SERVICES.join(', ')}` };
        args.services.push(v);
        break;
      case '--format':
        if (!(FORMATS as readonly string[]).includes(v)) return { ok: false, error: `unknown format "${v}": use ${FORMATS.join(', ')}` };
        args.format = v as ReportArgs['format'];
        break;
      case '--output': args.output = v; break;
      case '--require':
        if (!(REQUIRE as readonly string[]).includes(v)) return { ok: false, error: `unknown --require "${v}": use ${REQUIRE.join(' or ')}` };
        args.require = v as ReportArgs['require'];
        break;
      default: args.adminToken = v; // --admin-token
    }
  }
  if (!args.tenant) return { ok: false, error: '--tenant is required (the Kustom merchant key, the Khumbu client_id or the OktoPOS API key)' };
  let url: URL;
  try {
    url = new URL(args.url ?? 'http://127.0.0.1:4010');
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    return { ok: false, error: `--url must be an http(s) URL, not "${args.url}"` };
  }
  return { ok: true, args: { url: url.href.replace(/\/$/, ''), tenant: args.tenant, services: args.services, format: args.format ?? 'json', output: args.output, require: args.require, adminToken: args.adminToken } };
}

export interface ReportIo {
  out(text: string): void;
  err(text: string): void;
  fetch?: typeof fetch;
}

/** Whether the reports pass the gate `--require` asks for. */
export function gatePasses(reports: ReadinessReport[], require: ReportArgs['require']): boolean {
  if (!require) return true;
  return reports.every((r) => r.summary.must.fail === 0 && (require !== 'exercised' || r.summary.must.notExercised === 0));
}

async function fetchReport(args: ReportArgs, service: string, io: ReportIo): Promise<ReadinessReport> {
  const url = `${args.url}/__admin/report?service=${service}&tenant=${encodeURIComponent(args.tenant)}`;
  let res: Response;
  try {
    res = await (io.fetch ?? fetch)(url, { headers: args.adminToken ? { authorization: `Bearer ${args.adminToken}` } : {} });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach the sandbox at ${args.url} (${cause?.code ?? cause?.message ?? (e as Error).message}): is it running? Pass its address with --url.`);
  }
  const text = await res.text();
  if (res.status === 401) throw new Error(`the sandbox at ${args.url} asks for its admin token: pass --admin-token (or SANDBOX_ADMIN_TOKEN).`);
  if (res.status !== 200) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
    } catch { /* not JSON: shown as it is */ }
    throw new Error(`${url} answered ${res.status}: ${message}`);
  }
  return JSON.parse(text) as ReadinessReport;
}

export async function runReport(argv: string[], env: Record<string, string | undefined>, io: ReportIo): Promise<number> {
  const parsed = parseReportArgs(argv, env);
  if ('help' in parsed) {
    io.out(REPORT_USAGE);
    return 0;
  }
  if (!parsed.ok) {
    io.err(`order-sandbox report: ${parsed.error}\n\n${REPORT_USAGE}`);
    return 2;
  }
  const { args } = parsed;
  let reports: ReadinessReport[];
  try {
    const all = await Promise.all((args.services.length ? args.services : SERVICES).map((s) => fetchReport(args, s, io)));
    // Without --service: the services the tenant used. None at all: a mistyped tenant would pass any gate.
    const used = all.filter((r) => r.basis.requests > 0 || r.basis.webhooks > 0);
    if (!used.length) throw new Error(`the sandbox at ${args.url} has no request from tenant "${args.tenant}"${args.services.length ? ` in ${args.services.join(', ')}` : ''} in its journal: is the tenant spelled as the integration sends it (the Kustom merchant key, the Khumbu client_id, the OktoPOS API key)?`);
    reports = args.services.length ? all : used;
  } catch (e) {
    io.err(`order-sandbox report: ${(e as Error).message}\n`);
    return 2;
  }
  const text = args.format === 'junit' ? toJunit(reports) : args.format === 'markdown' ? toMarkdown(reports) : `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
  if (args.output) {
    try {
      await writeFile(args.output, text);
    } catch (e) {
      io.err(`order-sandbox report: cannot write ${args.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
  } else io.out(text);
  const passes = gatePasses(reports, args.require);
  const summary = reports.map((r) => `${r.service}: ${r.ready ? 'ready' : 'NOT ready'} (must-haves ${r.summary.must.pass} pass, ${r.summary.must.fail} fail, ${r.summary.must.notExercised} not exercised)`).join('; ');
  if (args.output || !passes) io.err(`${summary}${passes ? '' : ` — the gate --require ${args.require} failed`}\n`);
  return passes ? 0 : 1;
}
