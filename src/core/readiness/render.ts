import type { CheckResult, Evidence, ReadinessReport, Verdict } from './report.js';

/**
 * Readiness reports as a CI artifact: JUnit XML (one suite per report, one test case per check: a failure
 * is a fail, "not exercised" is skipped) and Markdown (for a pull request or a presenter).
 *
 * @example
 * writeFileSync('readiness.xml', toJunit([report]));
 * console.log(toMarkdown([report]));
 */

/** Characters XML 1.0 cannot hold at all (control characters other than tab, newline, return). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xml(s: string): string {
  return s.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One line of evidence: `#12 (Klarna-Correlation-Id …) 2026-…: POST … → 201`. */
export function evidenceLine(e: Evidence): string {
  const ids = [
    e.journalId !== undefined ? `request #${e.journalId}` : undefined,
    e.correlationId ? `correlation ${e.correlationId}` : undefined,
    e.webhookId ? `webhook ${e.webhookId}` : undefined,
  ].filter(Boolean).join(', ');
  return `${ids ? `${ids} ` : ''}at ${e.at}: ${e.note}`;
}

function testCase(r: ReadinessReport, c: CheckResult): string {
  const open = `    <testcase classname="${xml(`${r.service}.${c.level}`)}" name="${xml(`${c.id}: ${c.title}`)}">`;
  if (c.verdict === 'pass') return `${open}</testcase>`;
  if (c.verdict === 'not exercised') return `${open}\n      <skipped message="${xml(`not exercised: ${c.detail}`)}"/>\n    </testcase>`;
  const text = [c.detail, '', 'Evidence:', ...c.evidence.map((e) => `- ${evidenceLine(e)}`), '', `What to do: ${c.advice}`].join('\n');
  // An advice check that fails is reported as a failure too, its type saying it does not gate go-live.
  return `${open}\n      <failure message="${xml(c.detail)}" type="${c.level === 'must' ? 'must' : 'advice'}">${xml(text)}</failure>\n    </testcase>`;
}

export function toJunit(reports: ReadinessReport[]): string {
  const count = (r: ReadinessReport, v: Verdict) => r.checks.filter((c) => c.verdict === v).length;
  const suites = reports.map((r) => [
    `  <testsuite name="${xml(`${r.service} readiness (tenant ${r.tenant})`)}" tests="${r.checks.length}" failures="${count(r, 'fail')}" errors="0" skipped="${count(r, 'not exercised')}" timestamp="${xml(r.generatedAt.replace(/Z$/, ''))}">`,
    ...r.checks.map((c) => testCase(r, c)),
    '  </testsuite>',
  ].join('\n'));
  const total = (v?: Verdict) => reports.reduce((n, r) => n + (v ? count(r, v) : r.checks.length), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="order-sandbox go-live readiness" tests="${total()}" failures="${total('fail')}" errors="0" skipped="${total('not exercised')}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

const MARK: Record<Verdict, string> = { pass: '✅ pass', fail: '❌ fail', 'not exercised': '⚪ not exercised' };

/** Markdown text: table cells keep to one line and cannot close the table. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function toMarkdown(reports: ReadinessReport[]): string {
  return reports.map((r) => {
    const { must, advice } = r.summary;
    const out = [
      `# Go-live readiness: ${r.service}, tenant \`${r.tenant}\``,
      '',
      r.ready ? '**Ready for go-live:** no must-have check fails.' : `**Not ready:** ${must.fail} must-have check${must.fail === 1 ? '' : 's'} fail${must.fail === 1 ? 's' : ''}.`,
      '',
      `Must-haves: ${must.pass} pass, ${must.fail} fail, ${must.notExercised} not exercised. Advice: ${advice.pass} pass, ${advice.fail} fail, ${advice.notExercised} not exercised.`,
      `Judged from ${r.basis.requests} request${r.basis.requests === 1 ? '' : 's'}${r.basis.since ? ` since ${r.basis.since}` : ''} and ${r.basis.webhooks} webhook deliver${r.basis.webhooks === 1 ? 'y' : 'ies'} (the journal keeps the newest ${r.basis.journalCapacity} requests of the sandbox), at ${r.generatedAt} sandbox time.`,
      '',
      '## Checks',
      '',
      '| Verdict | Level | Check | Detail |',
      '|---|---|---|---|',
      ...r.checks.map((c) => `| ${MARK[c.verdict]} | ${c.level} | ${cell(c.title)} (\`${c.id}\`) | ${cell(c.detail)} |`),
    ];
    for (const c of r.checks.filter((x) => x.verdict === 'fail')) {
      out.push('', `### ❌ ${c.title}`, '', c.detail, '', ...c.evidence.map((e) => `- ${evidenceLine(e)}`), '', `**What to do:** ${c.advice}`);
    }
    out.push('', '## Coverage', '');
    for (const a of r.coverage) {
      out.push(`### ${a.title}: ${a.exercised} of ${a.total}`, '');
      if (a.never.length) out.push(`Never exercised: ${a.never.map((n) => `\`${n}\``).join(', ')}`, '');
      if (a.seen.length) out.push(`Seen: ${a.seen.map((s) => `\`${s.item}\` ×${s.count}`).join(', ')}`, '');
    }
    return out.join('\n');
  }).join('\n\n---\n\n') + '\n';
}
