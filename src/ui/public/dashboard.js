// Order Sandbox dashboard: a page a presenter keeps open beside a demo. Plain browser JavaScript, no build
// step, no CDN. It reads and acts only through the admin API (/__admin), polling every 2 s while visible.
// With --admin-token the page asks for the token once and keeps it for the browser tab (sessionStorage).

const TOKEN_KEY = 'order-sandbox-admin-token';
const TENANT_KEY = 'order-sandbox-tenants';
const POLL_MS = Number(new URLSearchParams(location.search).get('poll')) || 2000;
const SERVICES = [
  { name: 'kustom', title: 'Kustom', subtitle: 'Order Management + Checkout' },
  { name: 'khumbu', title: 'Khumbu', subtitle: 'ordering partner → restaurant POS' },
  { name: 'oktopos', title: 'OktoPOS', subtitle: 'orders into a POS till' },
];

const state = {
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  tenants: JSON.parse(localStorage.getItem(TENANT_KEY) || '{}'),
  open: new Set(),
  locked: false,
  busy: false,
  timer: null,
};

const $ = (sel) => document.querySelector(sel);

/** Escapes text for HTML: every value shown comes from clients of the sandbox. */
function esc(v) {
  return String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);
}

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
  toast.t = setTimeout(() => (el.className = 'toast hidden'), 3500);
}

function showLock(message) {
  state.locked = true;
  $('#lock').hidden = false;
  $('#lock-message').textContent = message;
  $('#token').focus();
}

// ---- formatting -------------------------------------------------------------------------------------

const time = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '');
const minor = (amount, currency) => `${(amount / 100).toFixed(2)} ${currency ?? ''}`.trim();
const badge = (status) => `<span class="badge s-${esc(String(status).toLowerCase())}">${esc(status)}</span>`;
const shortId = (id) => (String(id).length > 13 ? `${String(id).slice(0, 8)}…` : String(id));

function timeline(events) {
  return `<ol class="timeline">${events.map((e) => `<li><time>${esc(time(e.at))}</time> ${badge(e.status)} ${esc(e.event ?? e.note ?? e.source ?? '')}${e.amount !== undefined ? ` <span class="muted">${esc(e.amount)}</span>` : ''}</li>`).join('')}</ol>`;
}

/** Per service: how an order appears in the table. */
const VIEWS = {
  kustom: (o) => ({ id: o.order_id, status: o.status, amount: `${esc(minor(o.order_amount, o.purchase_currency))}<div class="muted">captured ${esc(minor(o.captured_amount))} · refunded ${esc(minor(o.refunded_amount))}</div>`, extra: `expires ${esc(time(o.expires_at))}`, history: o.history }),
  khumbu: (o) => ({ id: o.ksOrderId, status: o.status, amount: o.request?.payments ? `${esc(o.request.payments.total)} ${esc(o.request.payments.currencyCode)}` : '', extra: `store ${esc(o.providerStoreId)} · ${esc(o.providerOrderId)}`, history: o.history }),
  oktopos: (o) => ({ id: o.internalId, status: o.status, amount: o.payment?.price ? `${esc(o.payment.price.value)} ${esc(o.payment.price.currency)}<div class="muted">payment ${esc(o.payment.status)}</div>` : '', extra: `orderId ${esc(o.orderId)}`, history: o.history }),
};

// ---- rendering --------------------------------------------------------------------------------------

function renderClock(clock) {
  $('#clock-now').textContent = time(clock.now);
  $('#clock-now').dataset.now = clock.now;
  $('#clock-frozen').textContent = clock.frozen ? 'frozen' : 'running';
}

function tenantSelect(service, tenants, chosen) {
  return `<select data-tenant-of="${service}" aria-label="${service} tenant">${tenants.map((t) => `<option${t === chosen ? ' selected' : ''}>${esc(t)}</option>`).join('')}</select>`;
}

function renderService(svc, tenants, tenant, orders, extra) {
  const view = VIEWS[svc.name];
  const rows = orders.map((o) => {
    const v = view(o);
    const key = `${svc.name}:${v.id}`;
    const open = state.open.has(key);
    return `<tr class="order" data-service="${svc.name}" data-order-id="${esc(v.id)}" data-status="${esc(v.status)}" data-key="${esc(key)}">
      <td class="id" title="${esc(v.id)}"><button class="link" data-toggle="${esc(key)}" aria-expanded="${open}">${open ? '▾' : '▸'} ${esc(shortId(v.id))}</button></td>
      <td>${badge(v.status)}</td><td class="num">${v.amount}</td><td class="muted">${v.extra}</td></tr>
      ${open ? `<tr class="detail"><td colspan="4">${timeline(v.history ?? [])}</td></tr>` : ''}`;
  }).join('');
  return `<section class="card" id="svc-${svc.name}">
    <header><h2>${svc.title} <small>${svc.subtitle}</small></h2>${tenantSelect(svc.name, tenants, tenant)}</header>
    ${extra ?? ''}
    <table><thead><tr><th>order</th><th>status</th><th>amount</th><th></th></tr></thead>
    <tbody>${rows || '<tr><td colspan="4" class="muted">No orders for this tenant yet.</td></tr>'}</tbody></table>
  </section>`;
}

function renderStores(stores) {
  return `<div class="stores">${stores.map((s) => `<span class="store" data-store="${esc(s.providerStoreId)}">${badge(s.storeStatus)} ${esc(s.providerStoreId)} ${esc(s.name)}</span>`).join('')}</div>`;
}

function renderJournal(entries) {
  return entries.map((e) => `<tr><td><time>${esc(time(e.at))}</time></td><td>${esc(e.service)}</td><td>${esc(e.tenant ?? '')}</td><td>${esc(e.operation)}</td>
    <td>${badge(e.status)}</td><td class="num">${esc(e.durationMs)} ms</td><td class="muted">${esc(e.errorCode ?? '')} ${esc(e.scenario ?? '')} ${esc(e.fault ?? '')}</td></tr>`).join('') || '<tr><td colspan="7" class="muted">No requests yet.</td></tr>';
}

function renderWebhooks(deliveries) {
  return deliveries.map((d) => {
    const last = d.attempts.at(-1);
    return `<tr data-delivery="${esc(d.id)}"><td>${esc(d.id)}</td><td>${esc(d.service)}</td><td>${esc(d.tenant)}</td><td>${esc(d.kind)}</td><td>${badge(d.state)}</td>
      <td class="num">${d.attempts.length}</td><td class="muted">${last ? esc(last.status ?? last.error) : esc(d.url ?? 'inbox')}${d.replayOf ? ` · replay of ${esc(d.replayOf)}` : ''}</td>
      <td><button data-replay="${esc(d.id)}">Replay</button></td></tr>`;
  }).join('') || '<tr><td colspan="8" class="muted">No webhooks yet.</td></tr>';
}

function renderScenarios(list) {
  return list.map((s) => `<tr data-scenario="${esc(s.name)}" data-armed="${s.armed}"><td><strong>${esc(s.name)}</strong><div class="muted">${esc(s.description)}</div></td>
    <td>${s.armed ? '<span class="badge s-armed">armed</span>' : '<span class="badge s-disarmed">disarmed</span>'}</td>
    <td class="muted">${esc(s.source)}${s.tenant ? ` · tenant ${esc(s.tenant)}` : ''}</td>
    <td><button data-arm="${esc(s.name)}" data-to="${s.armed ? 'disarm' : 'arm'}">${s.armed ? 'Disarm' : 'Arm'}</button></td></tr>`).join('') || '<tr><td colspan="4" class="muted">No scenarios loaded (start with --scenario scenarios/, or POST /__admin/scenarios).</td></tr>';
}

function chooseTenant(service, tenants) {
  const kept = state.tenants[service];
  if (kept && tenants.includes(kept)) return kept;
  return tenants.find((t) => t.includes('demo')) ?? tenants[0] ?? '';
}

async function refresh() {
  if (state.locked || state.busy) return;
  state.busy = true;
  try {
    const [clock, tenants, journal, webhooks, scenarios] = await Promise.all([
      api('/__admin/clock'), api('/__admin/tenants'), api('/__admin/journal?limit=40'), api('/__admin/webhooks'), api('/__admin/scenarios'),
    ]);
    renderClock(clock);
    const chosen = Object.fromEntries(SERVICES.map((s) => [s.name, chooseTenant(s.name, tenants[s.name] ?? [])]));
    const q = (s) => `?tenant=${encodeURIComponent(chosen[s])}`;
    const [kustom, khumbu, stores, oktopos] = await Promise.all([
      chosen.kustom ? api(`/__admin/kustom/orders${q('kustom')}`) : [],
      chosen.khumbu ? api(`/__admin/khumbu/orders${q('khumbu')}`) : [],
      chosen.khumbu ? api(`/__admin/khumbu/stores${q('khumbu')}`) : [],
      chosen.oktopos ? api(`/__admin/oktopos/orders${q('oktopos')}`) : [],
    ]);
    const orders = { kustom, khumbu, oktopos: [...oktopos].reverse() };
    $('#services').innerHTML = SERVICES.map((s) => renderService(s, tenants[s.name] ?? [], chosen[s.name], orders[s.name], s.name === 'khumbu' ? renderStores(stores) : '')).join('');
    $('#journal tbody').innerHTML = renderJournal(journal);
    $('#webhooks tbody').innerHTML = renderWebhooks(webhooks.slice(0, 40));
    $('#scenarios tbody').innerHTML = renderScenarios(scenarios);
    $('#status').textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.ready = 'true';
  } catch (e) {
    if (e instanceof Locked) showLock(state.token ? 'That token was refused. Enter the admin token this sandbox was started with.' : 'This sandbox protects its admin API. Enter the admin token (--admin-token / SANDBOX_ADMIN_TOKEN).');
    else $('#status').textContent = `update failed: ${e.message}`;
  } finally {
    state.busy = false;
  }
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    if (!document.hidden) await refresh();
    schedule();
  }, POLL_MS);
}

/** Runs an admin action, says what happened, and refreshes at once. */
async function act(label, fn) {
  try {
    await fn();
    toast(label, 'ok');
  } catch (e) {
    if (e instanceof Locked) showLock('Enter the admin token to do that.');
    else toast(e.message, 'error');
  }
  await refresh();
}

// ---- events -----------------------------------------------------------------------------------------

document.addEventListener('click', (ev) => {
  const el = ev.target.closest('button');
  if (!el) return;
  if (el.dataset.advance) {
    const seconds = Number(el.dataset.advance);
    return void act(`Clock advanced ${el.textContent.trim()}`, () => api('/__admin/clock/advance', { method: 'POST', body: JSON.stringify({ seconds }) }));
  }
  if (el.id === 'reset') {
    if (!confirm('Reset every service and tenant to the seed?')) return;
    return void act('Reset to the seed', () => api('/__admin/reset', { method: 'POST', body: '{}' }));
  }
  if (el.dataset.toggle) {
    const key = el.dataset.toggle;
    if (state.open.has(key)) state.open.delete(key);
    else state.open.add(key);
    return void refresh();
  }
  if (el.dataset.replay) return void act(`Replayed ${el.dataset.replay}`, () => api(`/__admin/webhooks/${encodeURIComponent(el.dataset.replay)}/replay`, { method: 'POST' }));
  if (el.dataset.arm) return void act(`${el.dataset.to === 'arm' ? 'Armed' : 'Disarmed'} ${el.dataset.arm}`, () => api(`/__admin/scenarios/${encodeURIComponent(el.dataset.arm)}/${el.dataset.to}`, { method: 'POST' }));
});

document.addEventListener('change', (ev) => {
  const service = ev.target.dataset?.tenantOf;
  if (!service) return;
  state.tenants[service] = ev.target.value;
  localStorage.setItem(TENANT_KEY, JSON.stringify(state.tenants));
  void refresh();
});

$('#lock-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  state.token = $('#token').value.trim();
  sessionStorage.setItem(TOKEN_KEY, state.token);
  state.locked = false;
  $('#lock').hidden = true;
  void refresh();
});

document.addEventListener('visibilitychange', () => !document.hidden && void refresh());

void refresh().then(schedule);
