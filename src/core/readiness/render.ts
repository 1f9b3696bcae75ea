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

type JunitKind = 'pass' | 'failure' | 'skipped';
/** A failed must-have fails the test case; a failed advice (not a go-live gate) is skipped, as is a check not exercised. */
const junitKind = (c: CheckResult): JunitKind => (c.verdict === 'pass' ? 'pass' : c.verdict === 'fail' && c.level === 'must' ? 'failure' : 'skipped');

function testCase(r: ReadinessReport, c: CheckResult): string {
  const open = `    <testcase classname="${xml(`${r.service}.${c.level}`)}" name="${xml(`${c.id}: ${c.title}`)}">`;
  if (c.verdict === 'pass') return `${open}</testcase>`;
  if (c.verdict === 'not exercised') return `${open}\n      <skipped message="${xml(`not exercised: ${c.detail}`)}"/>\n    </testcase>`;
  const text = [c.detail, '', 'Evidence:', ...c.evidence.map((e) => `- ${evidenceLine(e)}`), '', `What to do: ${c.advice}`].join('\n');
  // A failed must-have is a failure; a failed advice is not a go-live gate, so it does not turn the
  // build red: it is skipped with the finding as its message, the evidence in its output.
  if (c.level === 'advice') return `${open}\n      <skipped message="${xml(`advice, not a go-live gate: ${c.detail}`)}"/>\n      <system-out>${xml(text)}</system-out>\n    </testcase>`;
  return `${open}\n      <failure message="${xml(c.detail)}" type="must">${xml(text)}</failure>\n    </testcase>`;
}

export function toJunit(reports: ReadinessReport[]): string {
  const count = (r: ReadinessReport, kind: JunitKind) => r.checks.filter((c) => junitKind(c) === kind).length;
  const suites = reports.map((r) => [
    `  <testsuite name="${xml(`${r.service} readiness (tenant ${r.tenant})`)}" tests="${r.checks.length}" failures="${count(r, 'failure')}" errors="0" skipped="${count(r, 'skipped')}" timestamp="${xml(r.generatedAt.replace(/Z$/, ''))}">`,
    ...r.checks.map((c) => testCase(r, c)),
    '  </testsuite>',
  ].join('\n'));
  const total = (kind?: JunitKind) => reports.reduce((n, r) => n + (kind ? count(r, kind) : r.checks.length), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="order-sandbox go-live readiness" tests="${total()}" failures="${total('failure')}" errors="0" skipped="${total('skipped')}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

const MARK: Record<Verdict, string> = { pass: '✅ pass', fail: '❌ fail', 'not exercised': '⚪ not exercised' };

/** Markdown text on one line: what a client sent (paths, keys) cannot start a heading or a paragraph. */
const line = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ');
/** A table cell: on one line, and it cannot close the table. */
const cell = (s: string) => line(s).replace(/\|/g, '\\|');
/** A code span that holds any text (a backtick inside takes a longer fence). */
const code = (s: string) => {
  const t = line(s);
  const fence = '`'.repeat(Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return fence.length > 1 || t.startsWith(' ') ? `${fence} ${t} ${fence}` : `${fence}${t}${fence}`;
};

export function toMarkdown(reports: ReadinessReport[]): string {
  return reports.map((r) => {
    const { must, advice } = r.summary;
    const out = [
      `# Go-live readiness: ${r.service}, tenant ${code(r.tenant)}`,
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
      out.push('', `### ❌ ${line(c.title)}`, '', line(c.detail), '', ...c.evidence.map((e) => `- ${line(evidenceLine(e))}`), '', `**What to do:** ${line(c.advice)}`);
    }
    out.push('', '## Coverage', '');
    for (const a of r.coverage) {
      out.push(`### ${a.title}: ${a.exercised} of ${a.total}`, '');
      if (a.never.length) out.push(`Never exercised: ${a.never.map(code).join(', ')}`, '');
      if (a.seen.length) out.push(`Seen: ${a.seen.map((s) => `${code(s.item)} ×${s.count}`).join(', ')}`, '');
    }
    return out.join('\n');
  }).join('\n\n---\n\n') + '\n';
}
