import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
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
    await page.click('button[data-advance="2419200"]');
    await page.locator(`tr.order[data-order-id="${authorized.order_id}"][data-status="EXPIRED"]`).waitFor();
    expect((await sb.admin.kustom.getOrder('kco_test_api_demo', authorized.order_id)).status).toBe('EXPIRED');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-expired.png`, fullPage: true });

    // Arm a scenario that the file leaves disarmed.
    const scenario = page.locator('tr[data-scenario="kustom-slow-reads"]');
    expect(await scenario.getAttribute('data-armed')).toBe('false');
    await scenario.locator('button[data-arm]').click();
    await page.locator('tr[data-scenario="kustom-slow-reads"][data-armed="true"]').waitFor();
    expect(sb.admin.scenarios.list().find((s) => s.name === 'kustom-slow-reads')?.armed).toBe(true);
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
