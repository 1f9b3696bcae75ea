// The dashboard's Go-live readiness card (dashboard.js): a tenant's report from GET /__admin/report, for a
// presenter to show what an integration still gets wrong. Plain browser JavaScript, no build step.
import { esc, full } from './dashboard-format.js';

const VERDICT = { pass: ['pass', 's-200'], fail: ['fail', 's-failed'], 'not exercised': ['not exercised', 's-disarmed'] };

function evidenceItem(e) {
  const ids = [e.journalId !== undefined ? `#${e.journalId}` : '', e.webhookId ?? '', e.correlationId ? `correlation ${e.correlationId}` : ''].filter(Boolean).join(' · ');
  return `<li>${full(e.at)} ${esc(e.note)}${ids ? ` <span class="muted mono">${esc(ids)}</span>` : ''}</li>`;
}

function checkRow(c, open) {
  const [label, cls] = VERDICT[c.verdict];
  const more = c.verdict === 'fail'
    ? `<details data-check-details="${esc(c.id)}"${open.has(c.id) ? ' open' : ''}><summary>${esc(c.detail)}</summary><ul class="evidence">${c.evidence.map(evidenceItem).join('')}</ul><div><strong>What to do:</strong> ${esc(c.advice)}</div></details>`
    : `<div class="muted">${esc(c.detail)}</div>`;
  return `<tr data-check="${esc(c.id)}" data-verdict="${esc(c.verdict)}"><td><span class="badge ${cls}">${label}</span></td><td class="muted">${esc(c.level)}</td>
    <td><strong>${esc(c.title)}</strong>${more}</td></tr>`;
}

function coverageRow(a) {
  const pct = a.total ? Math.round((a.exercised / a.total) * 100) : 0;
  return `<tr data-area="${esc(a.area)}"><td>${esc(a.title)}</td><td class="num">${a.exercised} / ${a.total}</td>
    <td><meter min="0" max="100" value="${pct}" title="${pct} %"></meter>${a.never.length ? `<div class="muted never">never: ${a.never.slice(0, 12).map(esc).join(', ')}${a.never.length > 12 ? ` and ${a.never.length - 12} more` : ''}</div>` : ''}</td></tr>`;
}

/**
 * The report as HTML: the verdict, the checks (failures open to their evidence and advice), then coverage.
 * `open`: the ids of checks whose evidence the user opened (kept open across refreshes).
 */
export function reportHtml(r, open = new Set()) {
  if (!r) return '<p class="muted">Choose a tenant in the service\'s card above.</p>';
  const m = r.summary.must;
  const verdict = r.ready
    ? `<span class="badge s-200">ready for go-live</span> <span class="muted">no must-have fails</span>`
    : `<span class="badge s-failed">not ready</span> <span class="muted">${m.fail} must-have${m.fail === 1 ? '' : 's'} failing</span>`;
  return `<p class="verdict" data-ready="${r.ready}">${verdict} <span class="muted">· must-haves ${m.pass} pass, ${m.fail} fail, ${m.notExercised} not exercised · from ${r.basis.requests} requests and ${r.basis.webhooks} webhooks</span></p>
    <table class="checks"><thead><tr><th>verdict</th><th>level</th><th>check</th></tr></thead><tbody>${r.checks.map((c) => checkRow(c, open)).join('')}</tbody></table>
    <table class="coverage"><thead><tr><th>coverage</th><th class="num">exercised</th><th></th></tr></thead><tbody>${r.coverage.map(coverageRow).join('')}</tbody></table>`;
}
