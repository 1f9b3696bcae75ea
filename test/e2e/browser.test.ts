import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { ARTIFACTS, browserAvailable, openBrowser } from '../helpers/browser.js';

/**
 * The dashboard and the docs page in a real browser (Debian's chromium), with no network but the
 * sandbox. Screenshots go to test/artifacts/. Runs wherever chromium is installed; CI installs it and
 * fails this test if it is missing.
 */
const TOKEN = 'demo-admin-token';
const runs = browserAvailable || process.env['CI'] === 'true';

test.runIf(runs)('dashboard: asks for the admin token, shows the demo orders of all three services, a clock button expires a Kustom order, a scenario is armed, the journal is live; docs render offline', async () => {
  const sb = await createSandbox({ logLevel: 'silent', adminToken: TOKEN, scenarios: ['scenarios'] });
  const server = await sb.listen(0);
  const b = await openBrowser(server.url);
  try {
    const page = await b.context.newPage();
    await page.goto(`${server.url}/?poll=400`);

    // The admin API is protected: the page asks for the token, refuses a wrong one, then loads.
    await page.locator('#lock:not([hidden])').waitFor();
    await page.fill('#token', 'wrong');
    await page.click('#lock button[type=submit]');
    await expect.poll(() => page.textContent('#lock-message')).toContain('refused');
    await page.fill('#token', TOKEN);
    await page.click('#lock button[type=submit]');
    await page.locator('body[data-ready="true"]').waitFor();

    // The demo fixtures of all three services on first load.
    const rows = (service: string) => page.locator(`tr.order[data-service="${service}"]`).count();
    await expect.poll(() => rows('kustom')).toBe(20);
    expect(await rows('khumbu')).toBe(5);
    expect(await rows('oktopos')).toBe(9);
    expect(await page.locator('.store[data-store="48003"]').textContent()).toContain('INA');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });

    // A live journal: a request made now appears without reloading.
    const [authorized] = (await sb.admin.kustom.listOrders('kco_test_api_demo')).filter((o) => o.status === 'AUTHORIZED');
    if (!authorized) throw new Error('the demo merchant has no AUTHORIZED order');
    await fetch(`${server.url}/ordermanagement/v1/orders/${authorized.order_id}`, { headers: { Authorization: 'Basic kco_test_api_demo' } });
    await page.locator('#journal td', { hasText: 'getOrder' }).first().waitFor();

    // The timeline of an order, then +28 days: its authorization expires.
    const row = page.locator(`tr.order[data-order-id="${authorized.order_id}"]`);
    expect(await row.getAttribute('data-status')).toBe('AUTHORIZED');
    await row.locator('button[data-toggle]').click();
    await page.locator('tr.detail .timeline', { hasText: 'authorized' }).first().waitFor();
    const before = new Map((await sb.admin.kustom.listOrders('kco_test_api_demo')).map((o) => [o.order_id, o.status]));
    await page.click('button[data-advance="2419200"]');
    await page.locator(`tr.order[data-order-id="${authorized.order_id}"][data-status="EXPIRED"]`).waitFor();
    expect((await sb.admin.kustom.getOrder('kco_test_api_demo', authorized.order_id)).status).toBe('EXPIRED');
    // What the advance changed is highlighted (and fades), what it left alone is not, and a toast counts it.
    const changed = page.locator(`tr.order.changed[data-order-id="${authorized.order_id}"]`);
    await changed.waitFor();
    expect(await changed.locator('td').first().evaluate((td) => getComputedStyle(td).animationName)).not.toBe('none');
    const untouched = (await sb.admin.kustom.listOrders('kco_test_api_demo')).find((o) => o.status === before.get(o.order_id));
    if (!untouched) throw new Error('+28 days changed every order of the demo merchant');
    expect(await page.locator(`tr.order[data-order-id="${untouched.order_id}"]`).getAttribute('class')).not.toContain('changed');
    await expect.poll(() => page.textContent('#toast')).toMatch(/Clock advanced \+28 days: \d+ orders? changed/);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-expired.png`, fullPage: true });

    // Arm a scenario that the file leaves disarmed.
    const scenario = page.locator('tr[data-scenario="kustom-slow-reads"]');
    expect(await scenario.getAttribute('data-armed')).toBe('false');
    await scenario.locator('button[data-arm]').click();
    await page.locator('tr[data-scenario="kustom-slow-reads"][data-armed="true"]').waitFor();
    expect(sb.admin.scenarios.list().find((s) => s.name === 'kustom-slow-reads')?.armed).toBe(true);
    // The row was redrawn with a Disarm button, and the focus moved to it instead of being lost.
    expect(await page.evaluate(() => `${(document.activeElement as HTMLElement).dataset['arm']} ${(document.activeElement as HTMLElement).dataset['to']}`)).toBe('kustom-slow-reads disarm');
    await page.locator('#scenarios').screenshot({ path: `${ARTIFACTS}/dashboard-scenarios.png` });

    // The dashboard read and acted only through the admin API (and its own files).
    expect(b.seen.filter((p) => p !== '/' && !p.startsWith('/ui/') && !p.startsWith('/__admin/'))).toEqual([]);

    // The docs page renders the reference from the sandbox's own files.
    const docs = await b.context.newPage();
    await docs.goto(`${server.url}/docs`);
    await docs.getByText('Kustom Order Management v1 + Checkout v3 (Order Sandbox)').first().waitFor();
    await docs.getByText('Get order', { exact: true }).first().click();
    await docs.getByText('getOrder', { exact: true }).first().waitFor();
    await docs.screenshot({ path: `${ARTIFACTS}/docs.png` });

    expect(b.outside).toEqual([]);
  } finally {
    await b.close();
    await server.close();
    await sb.close();
  }
}, 90_000);

/** The dashboard at `?poll=200`, without an admin token, with a request in the journal. */
async function openDashboard(): Promise<{ sb: Sandbox; url: string; b: Awaited<ReturnType<typeof openBrowser>>; page: Page; close(): Promise<void> }> {
  const sb = await createSandbox({ logLevel: 'silent' });
  const server = await sb.listen(0);
  const b = await openBrowser(server.url);
  await fetch(`${server.url}/ordermanagement/v1/orders/nope`, { headers: { Authorization: 'Basic kco_test_api_demo' } });
  const page = await b.context.newPage();
  await page.goto(`${server.url}/?poll=200`);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.locator('#journal time').first().waitFor();
  return { sb, url: server.url, b, page, close: async () => { await b.close(); await server.close(); await sb.close(); } };
}

/** Waits until the page has started `n` more refreshes (each reads /__admin/clock first), so `n - 1` have finished. */
async function refreshes(b: { seen: string[] }, n: number): Promise<void> {
  const count = () => b.seen.filter((p) => p === '/__admin/clock').length;
  const target = count() + n;
  await expect.poll(count, { timeout: 10_000 }).toBeGreaterThanOrEqual(target);
}

test.runIf(runs)('dashboard updates in place: a scrolled card, the focused tenant selector and an open timeline survive three refreshes', async () => {
  const d = await openDashboard();
  try {
    const { page, b } = d;
    const orders = (await (await fetch(`${d.url}/__admin/kustom/orders?tenant=kco_test_api_demo`)).json()) as { order_id: string }[];
    const first = orders[0];
    if (!first) throw new Error('no demo orders');
    await page.locator(`tr.order[data-order-id="${first.order_id}"] button[data-toggle]`).click();
    await page.locator('tr.detail .timeline').first().waitFor();
    // Focus the tenant selector, then scroll the Kustom card's scrolling box (whichever element that is).
    await page.focus('select[data-tenant-of="kustom"]');
    const scrolled = await page.evaluate(() => {
      const card = document.querySelector('#svc-kustom')!;
      const box = [card, ...card.querySelectorAll('*')].find((el) => /auto|scroll/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 100);
      if (!box) return -1;
      box.scrollTop = 120;
      (box as unknown as { probe: boolean }).probe = true;
      (document.activeElement as unknown as { probe: boolean }).probe = true;
      // An open <select> closes when its options are rebuilt: they must stay the same nodes.
      (document.querySelector('select[data-tenant-of="kustom"] option') as unknown as { probe: boolean }).probe = true;
      (document.querySelector('tr.detail') as unknown as { probe: boolean }).probe = true;
      return box.scrollTop;
    });
    expect(scrolled).toBe(120);

    await refreshes(b, 4);

    const after = await page.evaluate(() => {
      const card = document.querySelector('#svc-kustom')!;
      const box = [card, ...card.querySelectorAll('*')].find((el) => /auto|scroll/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 100);
      const active = document.activeElement as HTMLElement & { probe?: boolean };
      const detail = document.querySelector('tr.detail') as (Element & { probe?: boolean }) | null;
      const option = document.querySelector('select[data-tenant-of="kustom"] option') as (Element & { probe?: boolean }) | null;
      return { scrollTop: box?.scrollTop, sameBox: (box as unknown as { probe?: boolean } | undefined)?.probe === true, focused: active.dataset['tenantOf'], sameSelect: active.probe === true, sameOptions: option?.probe === true, sameDetail: detail?.probe === true };
    });
    expect(after).toEqual({ scrollTop: 120, sameBox: true, focused: 'kustom', sameSelect: true, sameOptions: true, sameDetail: true });
    // Picking another tenant still works from the focused selector.
    await page.selectOption('select[data-tenant-of="kustom"]', 'kco_test_api_empty');
    await page.locator('#svc-kustom', { hasText: 'No orders for this tenant yet.' }).waitFor();
  } finally {
    await d.close();
  }
}, 60_000);

test.runIf(runs)('dashboard fits 390, 1024 and 1440 px: no page or card overflow, journal times on one line, ids distinguishable; screenshots per width', async () => {
  const d = await openDashboard();
  try {
    const { page, b } = d;
    const khumbu = (await (await fetch(`${d.url}/__admin/khumbu/orders?tenant=khumbu_demo_client`)).json()) as { ksOrderId: string }[];
    const problems: string[] = [];
    for (const width of [390, 1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await refreshes(b, 2);
      const report = await page.evaluate(() => {
        const problems: string[] = [];
        const root = document.documentElement;
        if (root.scrollWidth > innerWidth) problems.push(`page ${root.scrollWidth} > ${innerWidth}`);
        for (const card of document.querySelectorAll<HTMLElement>('.card')) {
          if (card.scrollWidth > card.clientWidth) problems.push(`${card.id} ${card.scrollWidth} > ${card.clientWidth}`);
          // The order tables fit whole at every width (the journal, webhooks and scenarios may scroll inside their card).
          if (card.closest('#services')) for (const t of card.querySelectorAll('table')) if (t.offsetWidth > t.parentElement!.clientWidth) problems.push(`${card.id} table ${t.offsetWidth} > ${t.parentElement!.clientWidth}`);
        }
        for (const t of document.querySelectorAll('#journal tbody time')) if (t.getClientRects().length !== 1) problems.push(`journal time "${t.textContent}" on ${t.getClientRects().length} lines`);
        return problems;
      });
      problems.push(...report.map((p) => `${width} px: ${p}`));
      await page.screenshot({ path: `${ARTIFACTS}/dashboard-${width}.png`, fullPage: true });
    }
    // Ids: Khumbu's 17-digit ids whole, and no two rows of a service look alike.
    for (const o of khumbu) {
      const shown = await page.locator(`tr.order[data-order-id="${o.ksOrderId}"] button[data-toggle]`).innerText();
      if (!shown.includes(o.ksOrderId)) problems.push(`Khumbu id ${o.ksOrderId} shown as "${shown}"`);
    }
    for (const service of ['kustom', 'khumbu', 'oktopos']) {
      const shown = await page.locator(`tr.order[data-service="${service}"] button[data-toggle]`).allInnerTexts();
      if (new Set(shown).size !== shown.length) problems.push(`${service}: ${shown.length} ids shown as ${new Set(shown).size} distinct texts`);
    }
    expect(problems).toEqual([]);
  } finally {
    await d.close();
  }
}, 60_000);

test.runIf(runs)('dashboard formats money per currency: Kustom minor units as major, Khumbu and OktoPOS with their fraction digits; never raw minor units', async () => {
  const d = await openDashboard();
  try {
    const { page } = d;
    const get = async <T>(path: string) => (await (await fetch(`${d.url}/__admin/${path}`)).json()) as T;
    const money = (amount: number, currency: string) => page.evaluate(([a, c]) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c as string }).format(a as number), [amount, currency] as const);
    const digits = (currency: string) => page.evaluate((c) => new Intl.NumberFormat(undefined, { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits ?? 2, currency);

    const kustom = await get<{ order_id: string; order_amount: number; purchase_currency: string; captured_amount: number }[]>('kustom/orders?tenant=kco_test_api_demo');
    for (const o of kustom.slice(0, 6)) {
      const row = page.locator(`tr.order[data-order-id="${o.order_id}"]`);
      await row.locator('button[data-toggle]').click();
      await expect.poll(() => row.evaluate((tr) => tr.nextElementSibling?.matches('tr.detail') ?? false)).toBe(true);
      const text = await row.evaluate((tr) => `${(tr as HTMLElement).innerText}\n${(tr.nextElementSibling as HTMLElement).innerText}`);
      expect(text, 'a raw minor-unit amount').not.toContain(String(o.order_amount));
      expect(text).toContain(await money(o.order_amount / 10 ** (await digits(o.purchase_currency)), o.purchase_currency));
      if (o.captured_amount > 0) expect(text).not.toContain(String(o.captured_amount));
    }
    const khumbu = await get<{ ksOrderId: string; request: { payments: { total: number; currencyCode: string } } }[]>('khumbu/orders?tenant=khumbu_demo_client');
    for (const o of khumbu) {
      const text = await page.locator(`tr.order[data-order-id="${o.ksOrderId}"]`).innerText();
      expect(text).toContain(await money(o.request.payments.total, o.request.payments.currencyCode));
    }
    const okto = await get<{ internalId: number; payment: { price: { value: string; currency: string } } }[]>('oktopos/orders?tenant=okto_demo_key');
    for (const o of okto) {
      const text = await page.locator(`tr.order[data-order-id="${o.internalId}"]`).innerText();
      expect(text).toContain(await money(Number(o.payment.price.value), o.payment.price.currency));
    }
    expect(d.b.outside).toEqual([]);
  } finally {
    await d.close();
  }
}, 60_000);

test.runIf(runs)('dashboard readiness card: the chosen tenant\'s report, a failing must-have opens to its evidence and advice, and the verdict follows the integration', async () => {
  const d = await openDashboard();
  try {
    const { page, url } = d;
    // The demo till polls in a loop: OktoPOS's report fails its polling check.
    for (let i = 0; i < 3; i++) await fetch(`${url}/v1/order/ready`, { headers: { 'X-API-KEY': 'okto_demo_key' } });
    await page.selectOption('#report-service', 'oktopos');
    await page.locator('#report .verdict[data-ready="false"]').waitFor();
    const row = page.locator('#report tr[data-check="oktopos.poll-interval"][data-verdict="fail"]');
    await row.locator('summary').click();
    await expect.poll(() => row.locator('ul.evidence li').count()).toBe(2);
    // More requests change the report; the opened evidence stays open through the refreshes.
    await fetch(`${url}/v1/order/ready`, { headers: { 'X-API-KEY': 'okto_demo_key' } });
    await expect.poll(() => row.locator('ul.evidence li').count()).toBe(3);
    await refreshes(d.b, 3);
    expect(await row.locator('details').getAttribute('open')).toBe('');
    expect(await row.textContent()).toContain('What to do: Poll GET /v1/order/ready');
    expect(await page.locator('#report tr[data-area="operations"] .never').textContent()).toContain('createOrder');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-readiness.png`, fullPage: true });
    // Reset the till: its report is clean again, and the chosen service survives a reload.
    await fetch(`${url}/__admin/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'oktopos', tenant: 'okto_demo_key' }) });
    await page.locator('#report .verdict[data-ready="true"]').waitFor();
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.inputValue('#report-service')).toBe('oktopos');
    expect(d.b.outside).toEqual([]);
  } finally {
    await d.close();
  }
}, 60_000);
