// Formatting for the dashboard (dashboard.js): escaping, sandbox times in UTC, money per currency, ids.
// Plain browser JavaScript, no build step.

/** Escapes text for HTML: every value shown comes from clients of the sandbox. */
export function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);
}

/** Sandbox times are shown in UTC, as the clock in the header. */
export function isoOf(v) {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}
export const stamp = (v) => isoOf(v).replace('T', ' ').slice(0, 19); // 2026-12-01 01:52:03
/** A <time> showing `text` on one line, with the full date and time in its title. */
export function timeTag(v, text) {
  const iso = isoOf(v);
  if (!iso) return esc(v);
  return `<time datetime="${iso}" title="${stamp(v)} UTC">${esc(text(iso))}</time>`;
}
export const hms = (v) => timeTag(v, (iso) => iso.slice(11, 19)); // 01:52:03
/** Date and minute, without the year when it is `year`'s (the sandbox clock's): 12-28 19:57 (2027-01-02 08:00 otherwise). */
export const dayMinute = (v, year) => timeTag(v, (iso) => iso.slice(iso.startsWith(String(year)) ? 5 : 0, 16).replace('T', ' '));
export const full = (v) => timeTag(v, (iso) => iso.slice(0, 19).replace('T', ' '));

const formats = new Map();
/** The browser's currency format (it knows each currency's fraction digits), or null for an unknown code. */
export function currencyFormat(currency) {
  if (!formats.has(currency)) {
    let f = null;
    try {
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      f = null;
    }
    formats.set(currency, f);
  }
  return formats.get(currency);
}

/** An amount in major units (a number, or a decimal string as OktoPOS sends) in its currency: 226.8 PLN → "PLN 226.80". */
export function money(major, currency) {
  if (major === undefined || major === null || major === '') return '';
  const f = currency ? currencyFormat(String(currency)) : null;
  const n = Number(major);
  return f && Number.isFinite(n) ? f.format(n) : `${major} ${currency ?? ''}`.trim();
}

/** An amount in minor units (Kustom): divided by 10^(the currency's fraction digits), then as money(). */
export function minorMoney(minor, currency) {
  if (typeof minor !== 'number') return '';
  const f = currency ? currencyFormat(String(currency)) : null;
  if (!f) return `${(minor / 100).toFixed(2)} ${currency ?? ''}`.trim();
  return f.format(minor / 10 ** f.resolvedOptions().maximumFractionDigits);
}

export const badge = (status) => `<span class="badge s-${esc(String(status).toLowerCase())}">${esc(status)}</span>`;
/** Ids whole when short (Khumbu's 17 digits too); longer ones (Kustom's UUIDs) as start…end, so rows still differ. */
export const shortId = (id) => (String(id).length > 20 ? `${String(id).slice(0, 8)}…${String(id).slice(-4)}` : String(id));

export function timeline(events, amountOf) {
  return `<ol class="timeline">${events.map((e) => `<li>${full(e.at)} ${badge(e.status)} ${esc(e.event ?? e.note ?? e.source ?? '')}${e.amount !== undefined ? ` <span class="muted">${esc(amountOf(e.amount))}</span>` : ''}</li>`).join('')}</ol>`;
}
