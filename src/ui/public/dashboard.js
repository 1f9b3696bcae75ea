// Order Sandbox dashboard: a page a presenter keeps open beside a demo. Plain browser JavaScript, no build
// step, no CDN. It reads and acts only through the admin API (/__admin), polling every 2 s while visible
// (`?poll=MS` changes the interval). With --admin-token the page asks for the token once and keeps it for
// the browser tab (sessionStorage).
//
// Updates happen in place: every list (orders per card, journal, webhooks, scenarios) is a list of keyed
// elements, each remembered with the HTML it was built from; a refresh rebuilds only the elements whose
// HTML changed, removes the ones that went away and inserts the new ones. The cards, their scrolling
// bodies and the tenant selectors are built once, so scroll positions, focus, an open <select> and open
// timelines survive every refresh.

import { badge, dayMinute as dayMinuteOf, esc, hms, minorMoney, money, shortId, stamp, timeline } from './dashboard-format.js';
import { fromHtml, setHtml, syncList, syncSelect } from './dashboard-dom.js';
import { reportHtml } from './dashboard-report.js';

const TOKEN_KEY = 'order-sandbox-admin-token';
const TENANT_KEY = 'order-sandbox-tenants';
const REPORT_KEY = 'order-sandbox-report-service';
const POLL_MS = Number(new URLSearchParams(location.search).get('poll')) || 2000;
/** How long a row whose status changed stays highlighted (the CSS animation fades within it). */
const HIGHLIGHT_MS = 10_000;
const SERVICES = [
  { name: 'kustom', title: 'Kustom', subtitle: 'Order Management + Checkout' },
  { name: 'khumbu', title: 'Khumbu', subtitle: 'ordering partner → restaurant POS' },
  { name: 'oktopos', title: 'OktoPOS', subtitle: 'orders into a POS till' },
];

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  tenants: JSON.parse(localStorage.getItem(TENANT_KEY) || '{}'),
  /** Keys (`service:id`) of the orders whose timeline is open. */
  open: new Set(),
  locked: false,
  timer: null,
  /** The last answers of the admin API, rendered by render(). */
  data: null,
  /** `service:id` → status, as of the last load. */
  statuses: new Map(),
  /** `service:id` → { was, until }: rows highlighted because their status changed. */
  changed: new Map(),
  running: null,
  queued: null,
  /** The service whose chosen tenant the readiness card reports on. */
  reportService: localStorage.getItem(REPORT_KEY) || 'kustom',
  /** Checks of the readiness card whose evidence is open. */
  openChecks: new Set(),
};

const $ = (sel) => document.querySelector(sel);
const dayMinute = (v) => dayMinuteOf(v, String(state.data?.clock?.now).slice(0, 4));

class Locked extends Error {}

async function api(path, init = {}) {
  const headers = { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(state.token ? { authorization: `Bearer ${state.token}` } : {}) };
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401) throw new Locked();
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message || `${res.status} on ${path}`);
  return body;
}

function toast(message, kind = 'info') {
  const el = $('#toast');
  el.textContent = message;
  el.className = `toast ${kind}`;
  clearTimeout(toast.t);
  toast.t = setTimeout(() => (el.className = 'toast hidden'), 5000);
}

function showLock(message) {
  state.locked = true;
  $('#lock').hidden = false;
  $('#lock-message').textContent = message;
  $('#token').focus();
}

/** Per service: how an order appears in its card. */
const VIEWS = {
  kustom: (o) => {
    const m = (minor) => minorMoney(minor, o.purchase_currency);
    const moved = [o.captured_amount > 0 ? `captured ${m(o.captured_amount)}` : '', o.refunded_amount > 0 ? `refunded ${m(o.refunded_amount)}` : ''].filter(Boolean);
    return {
      id: o.order_id, status: o.status,
      amount: `${esc(m(o.order_amount))}${moved.map((t) => `<div class="muted">${esc(t)}</div>`).join('')}`,
      extra: o.expires_at ? `expires ${dayMinute(o.expires_at)}` : '',
      history: o.history, amountOf: m,
    };
  },
  khumbu: (o) => ({
    id: o.ksOrderId, status: o.status,
    amount: o.request?.payments ? esc(money(o.request.payments.total, o.request.payments.currencyCode)) : '',
    extra: `store ${esc(o.providerStoreId)} · ${esc(o.providerOrderId)}`,
    history: o.history, amountOf: String,
  }),
  oktopos: (o) => ({
    id: o.internalId, status: o.status,
    amount: o.payment?.price ? `${esc(money(o.payment.price.value, o.payment.price.currency))}<div class="muted">payment ${esc(o.payment.status)}</div>` : '',
    extra: `orderId ${esc(o.orderId)}`,
    history: o.history, amountOf: String,
  }),
};

// ---- rendering --------------------------------------------------------------------------------------

/** The service cards, built once: header with the tenant selector, then a scrolling body with the table. */
const cards = Object.fromEntries(SERVICES.map((svc) => {
  const card = fromHtml(`<section class="card service" id="svc-${svc.name}">
    <header><h2>${svc.title} <small>${svc.subtitle}</small></h2><select data-tenant-of="${svc.name}" aria-label="${svc.name} tenant"></select></header>
    ${svc.name === 'khumbu' ? '<div class="stores"></div>' : ''}
    <div class="card-body"><table class="orders"><thead><tr><th>order</th><th>status</th><th class="num">amount</th></tr></thead></table></div>
  </section>`);
  $('#services').append(card);
  return [svc.name, { card, select: card.querySelector('select'), stores: card.querySelector('.stores'), body: card.querySelector('.card-body'), table: card.querySelector('table') }];
}));

function orderItem(service, o) {
  const v = VIEWS[service](o);
  const key = `${service}:${v.id}`;
  const open = state.open.has(key);
  const changed = state.changed.get(key);
  return {
    key,
    html: `<tbody class="order-group">
      <tr class="order${changed ? ' changed' : ''}" data-service="${service}" data-order-id="${esc(v.id)}" data-status="${esc(v.status)}">
        <td class="id"><button class="link" data-toggle="${esc(key)}" aria-expanded="${open}" title="${esc(v.id)}">${open ? '▾' : '▸'} ${esc(shortId(v.id))}</button><div class="muted">${v.extra}</div></td>
        <td class="status">${badge(v.status)}${changed ? `<div class="muted was">was ${esc(changed.was)}</div>` : ''}</td>
        <td class="num">${v.amount}</td></tr>
      ${open ? `<tr class="detail"><td colspan="3">${timeline(v.history ?? [], v.amountOf)}</td></tr>` : ''}
    </tbody>`,
  };
}

function renderStores(stores) {
  return stores.map((s) => `<span class="store" data-store="${esc(s.providerStoreId)}">${badge(s.storeStatus)} ${esc(s.providerStoreId)} ${esc(s.name)}</span>`).join('');
}

const empty = (cols, text, tag = 'tr') => [{ key: 'empty', html: tag === 'tbody' ? `<tbody><tr><td colspan="${cols}" class="muted">${text}</td></tr></tbody>` : `<tr><td colspan="${cols}" class="muted">${text}</td></tr>` }];

function journalItems(entries) {
  return entries.map((e) => ({
    key: `j${e.id}`,
    html: `<tr><td>${hms(e.at)}</td><td>${esc(e.service)}</td><td>${esc(e.tenant ?? '')}</td><td>${esc(e.operation)}</td>
      <td>${badge(e.status)}</td><td class="num">${esc(e.durationMs)} ms</td><td class="muted">${[e.errorCode, e.scenario, e.fault].filter(Boolean).map(esc).join(' · ')}</td></tr>`,
  }));
}

function webhookItems(deliveries) {
  return deliveries.map((d) => {
    const last = d.attempts.at(-1);
    return {
      key: `w${d.id}`,
      html: `<tr data-delivery="${esc(d.id)}"><td class="mono">${esc(d.id)}</td><td>${esc(d.service)}</td><td>${esc(d.tenant)}</td><td>${esc(d.kind)}</td><td>${badge(d.state)}</td>
        <td class="num">${d.attempts.length}</td><td class="muted">${last ? `${hms(last.at)} ${esc(last.status ?? last.error)}` : esc(d.url ?? 'inbox')}${d.replayOf ? ` · replay of ${esc(d.replayOf)}` : ''}</td>
        <td><button data-replay="${esc(d.id)}">Replay</button></td></tr>`,
    };
  });
}

function scenarioItems(list) {
  return list.map((s) => ({
    key: `s${s.name}`,
    html: `<tr data-scenario="${esc(s.name)}" data-armed="${s.armed}"><td><strong>${esc(s.name)}</strong><div class="muted">${esc(s.description)}</div></td>
      <td>${s.armed ? '<span class="badge s-armed">armed</span>' : '<span class="badge s-disarmed">disarmed</span>'}</td>
      <td class="muted source">${esc(s.source)}${s.tenant ? ` · tenant ${esc(s.tenant)}` : ''}</td>
      <td><button data-arm="${esc(s.name)}" data-to="${s.armed ? 'disarm' : 'arm'}">${s.armed ? 'Disarm' : 'Arm'}</button></td></tr>`,
  }));
}

/** Draws state.data, touching only what changed since the last call. */
function render() {
  const d = state.data;
  if (!d) return;
  const now = Date.now();
  for (const [key, c] of state.changed) if (c.until <= now) state.changed.delete(key);
  $('#clock-now').textContent = stamp(d.clock.now);
  $('#clock-now').dataset.now = d.clock.now;
  $('#clock-frozen').textContent = d.clock.frozen ? 'frozen' : 'running';
  for (const svc of SERVICES) {
    const c = cards[svc.name];
    syncSelect(c.select, d.tenants[svc.name] ?? [], d.chosen[svc.name]);
    const items = d.orders[svc.name].map((o) => orderItem(svc.name, o));
    syncList(c.table, items.length ? items : empty(3, 'No orders for this tenant yet.', 'tbody'), 1);
  }
  setHtml(cards.khumbu.stores, renderStores(d.stores));
  syncList($('#journal tbody'), d.journal.length ? journalItems(d.journal) : empty(7, 'No requests yet.'));
  syncList($('#webhooks tbody'), d.webhooks.length ? webhookItems(d.webhooks.slice(0, 40)) : empty(8, 'No webhooks yet.'));
  setHtml($('#report .card-body'), reportHtml(d.report, state.openChecks));
  $('#report-service').value = state.reportService;
  syncList($('#scenarios tbody'), d.scenarios.length ? scenarioItems(d.scenarios) : empty(4, 'No scenarios loaded (start with --scenario scenarios/, or POST /__admin/scenarios).'));
}

function chooseTenant(service, tenants) {
  const kept = state.tenants[service];
  if (kept && tenants.includes(kept)) return kept;
  return tenants.find((t) => t.includes('demo')) ?? tenants[0] ?? '';
}

/** Reads everything the page shows, highlights orders whose status changed since the last read, and renders. */
async function load() {
  if (state.locked) return;
  try {
    const [clock, tenants, journal, webhooks, scenarios] = await Promise.all([
      api('/__admin/clock'), api('/__admin/tenants'), api('/__admin/journal?limit=40'), api('/__admin/webhooks'), api('/__admin/scenarios'),
    ]);
    const chosen = Object.fromEntries(SERVICES.map((s) => [s.name, chooseTenant(s.name, tenants[s.name] ?? [])]));
    const q = (s) => `?tenant=${encodeURIComponent(chosen[s])}`;
    const rs = state.reportService;
    const [kustom, khumbu, stores, oktopos, report] = await Promise.all([
      chosen.kustom ? api(`/__admin/kustom/orders${q('kustom')}`) : [],
      chosen.khumbu ? api(`/__admin/khumbu/orders${q('khumbu')}`) : [],
      chosen.khumbu ? api(`/__admin/khumbu/stores${q('khumbu')}`) : [],
      chosen.oktopos ? api(`/__admin/oktopos/orders${q('oktopos')}`) : [],
      chosen[rs] ? api(`/__admin/report?service=${rs}&tenant=${encodeURIComponent(chosen[rs])}`) : null,
    ]);
    const orders = { kustom, khumbu, oktopos: [...oktopos].reverse() };
    const statuses = new Map();
    for (const svc of SERVICES) for (const o of orders[svc.name]) {
      const v = VIEWS[svc.name](o);
      statuses.set(`${svc.name}:${v.id}`, v.status);
    }
    const until = Date.now() + HIGHLIGHT_MS;
    for (const [key, status] of statuses) {
      const was = state.statuses.get(key);
      if (was !== undefined && was !== status) state.changed.set(key, { was, until });
    }
    state.statuses = statuses;
    state.data = { clock, tenants, chosen, journal, webhooks, scenarios, orders, stores, report };
    render();
    $('#status').textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.ready = 'true';
  } catch (e) {
    if (e instanceof Locked) showLock(state.token ? 'That token was refused. Enter the admin token this sandbox was started with.' : 'This sandbox protects its admin API. Enter the admin token (--admin-token / SANDBOX_ADMIN_TOKEN).');
    else $('#status').textContent = `update failed: ${e.message}`;
  }
}

/** Loads now, or, while a load runs, once more right after it (so what an action changed is always seen). */
function refresh() {
  if (state.running) {
    state.queued ??= state.running.then(() => {
      state.queued = null;
      return refresh();
    });
    return state.queued;
  }
  state.running = load().finally(() => (state.running = null));
  return state.running;
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    if (!document.hidden) await refresh();
    schedule();
  }, POLL_MS);
}

/** Runs an admin action, refreshes at once, and says what happened (`describe` may say more than `label`). */
async function act(label, fn, describe = () => label) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof Locked) showLock('Enter the admin token to do that.');
    else toast(e.message, 'error');
    return void (await refresh());
  }
  await refresh();
  toast(describe(), 'ok');
}

/** After a clock advance: how many shown orders changed status, per service. */
function summariseAdvance(label, before) {
  const per = new Map();
  for (const [key, status] of state.statuses) {
    const was = before.get(key);
    if (was === undefined || was === status) continue;
    const title = SERVICES.find((s) => key.startsWith(`${s.name}:`))?.title ?? key;
    per.set(title, (per.get(title) ?? 0) + 1);
  }
  const n = [...per.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return `Clock advanced ${label}: no order changed`;
  return `Clock advanced ${label}: ${n} ${n === 1 ? 'order' : 'orders'} changed (${[...per].map(([t, k]) => `${t} ${k}`).join(', ')})`;
}

// ---- events -----------------------------------------------------------------------------------------

document.addEventListener('click', (ev) => {
  const el = ev.target.closest('button');
  if (!el) return;
  if (el.dataset.advance) {
    const seconds = Number(el.dataset.advance);
    const label = el.textContent.trim();
    const before = new Map(state.statuses);
    return void act(label, () => api('/__admin/clock/advance', { method: 'POST', body: JSON.stringify({ seconds }) }), () => summariseAdvance(label, before));
  }
  if (el.id === 'reset') {
    if (!confirm('Reset every service and tenant to the seed?')) return;
    return void act('Reset to the seed', () => api('/__admin/reset', { method: 'POST', body: '{}' }));
  }
  if (el.dataset.toggle) {
    const key = el.dataset.toggle;
    if (state.open.has(key)) state.open.delete(key);
    else state.open.add(key);
    return render();
  }
  if (el.dataset.replay) return void act(`Replayed ${el.dataset.replay}`, () => api(`/__admin/webhooks/${encodeURIComponent(el.dataset.replay)}/replay`, { method: 'POST' }));
  if (el.dataset.arm) return void act(`${el.dataset.to === 'arm' ? 'Armed' : 'Disarmed'} ${el.dataset.arm}`, () => api(`/__admin/scenarios/${encodeURIComponent(el.dataset.arm)}/${el.dataset.to}`, { method: 'POST' }));
});

document.addEventListener('change', (ev) => {
  if (ev.target.id === 'report-service') {
    state.reportService = ev.target.value;
    localStorage.setItem(REPORT_KEY, state.reportService);
    return void refresh();
  }
  const service = ev.target.dataset?.tenantOf;
  if (!service) return;
  state.tenants[service] = ev.target.value;
  localStorage.setItem(TENANT_KEY, JSON.stringify(state.tenants));
  void refresh().then(() => (cards[service].body.scrollTop = 0));
});

$('#lock-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  state.token = $('#token').value.trim();
  sessionStorage.setItem(TOKEN_KEY, state.token);
  state.locked = false;
  $('#lock').hidden = true;
  void refresh();
});

// <details> toggles do not bubble: caught on the way down, so an opened check's evidence stays open across refreshes.
document.addEventListener('toggle', (ev) => {
  const id = ev.target.dataset?.checkDetails;
  if (!id) return;
  if (ev.target.open) state.openChecks.add(id);
  else state.openChecks.delete(id);
}, true);

document.addEventListener('visibilitychange', () => !document.hidden && void refresh());

void refresh().then(schedule);
