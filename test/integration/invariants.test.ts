import fc from 'fast-check';
import { expect, test } from 'vitest';
import { kh, madeOrders, sampleOrder, token, API_KEY } from '../helpers/khumbu.js';
import { okto, orderBody } from '../helpers/oktopos.js';
import { line, makeApi, newOrder } from '../helpers/sandbox.js';

/** Money and state invariants of the three services under random operation sequences, checked after every step. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261122);

type KOp =
  | { op: 'capture' | 'refund' | 'updateAuthorization'; amount: number }
  | { op: 'cancel' | 'release' | 'extend' }
  | { op: 'advance'; days: number };

const kustomOp: fc.Arbitrary<KOp> = fc.oneof(
  fc.record({ op: fc.constantFrom('capture', 'refund', 'updateAuthorization'), amount: fc.oneof(fc.integer({ min: 0, max: 12_000 }), fc.constantFrom(0, 1, 2500, 10_000)) }) as fc.Arbitrary<KOp>,
  fc.record({ op: fc.constantFrom('cancel', 'release', 'extend') }) as fc.Arbitrary<KOp>,
  fc.record({ op: fc.constant('advance'), days: fc.integer({ min: 1, max: 30 }) }) as fc.Arbitrary<KOp>,
);

interface KOrder {
  status: string; order_amount: number; captured_amount: number; refunded_amount: number; remaining_authorized_amount: number;
  captures: { captured_amount: number }[]; refunds: { refunded_amount: number }[];
}

function checkKustom(o: KOrder, before: KOrder | null): void {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(o.captured_amount).toBeLessThanOrEqual(o.order_amount);
  expect(o.refunded_amount).toBeLessThanOrEqual(o.captured_amount);
  expect(sum(o.captures.map((c) => c.captured_amount))).toBe(o.captured_amount);
  expect(sum(o.refunds.map((r) => r.refunded_amount))).toBe(o.refunded_amount);
  const open = o.status === 'AUTHORIZED' || o.status === 'PART_CAPTURED';
  expect(o.remaining_authorized_amount).toBe(open ? o.order_amount - o.captured_amount : 0);
  if (o.status === 'AUTHORIZED' || o.status === 'CANCELLED') expect(o.captured_amount).toBe(0);
  if (o.status === 'PART_CAPTURED') expect(o.captured_amount > 0 && o.captured_amount < o.order_amount).toBe(true);
  if (o.status === 'CLOSED') expect(o.refunded_amount === o.captured_amount && o.captured_amount > 0).toBe(true);
  if (before) {
    expect(o.captured_amount).toBeGreaterThanOrEqual(before.captured_amount);
    expect(o.refunded_amount).toBeGreaterThanOrEqual(before.refunded_amount);
    if (['CANCELLED', 'EXPIRED', 'CLOSED'].includes(before.status)) expect(o.status).toBe(before.status);
  }
}

test('Kustom: captured ≤ order amount, refunded ≤ captured, remaining = order − captured while open, status follows the amounts', async () => {
  const api = await makeApi();
  let run = 0;
  await fc.assert(fc.asyncProperty(fc.array(kustomOp, { minLength: 1, maxLength: 14 }), async (ops) => {
    const tenant = `kco_inv_${++run}`;
    const { order_id } = await newOrder(api, tenant);
    const base = `/ordermanagement/v1/orders/${order_id}`;
    const read = async () => (await (await api.call('GET', base, { tenant })).json()) as KOrder;
    let before = await read();
    checkKustom(before, null);
    for (const o of ops) {
      if (o.op === 'capture') await api.call('POST', `${base}/captures`, { tenant, body: { captured_amount: o.amount } });
      if (o.op === 'refund') await api.call('POST', `${base}/refunds`, { tenant, body: { refunded_amount: o.amount } });
      if (o.op === 'updateAuthorization') await api.call('PATCH', `${base}/authorization`, { tenant, body: { order_amount: o.amount, order_lines: [line(o.amount)] } });
      if (o.op === 'cancel') await api.call('POST', `${base}/cancel`, { tenant });
      if (o.op === 'release') await api.call('POST', `${base}/release-remaining-authorization`, { tenant });
      if (o.op === 'extend') await api.call('POST', `${base}/extend-authorization-time`, { tenant });
      if (o.op === 'advance') await api.sb.admin.clock.advance({ seconds: o.days * 86_400, service: 'kustom', tenant });
      const after = await read();
      checkKustom(after, before);
      before = after;
    }
  }), { numRuns: 40, seed: SEED, endOnFailure: true });
});

type HOp = { op: 'create'; store: '48002' | '99999' | '48003'; hold: boolean } | { op: 'fire' | 'cancel' | 'posCancel'; i: number } | { op: 'advance'; s: number } | { op: 'store'; active: boolean };

test('Khumbu: no order is both cancelled and successful; each order\'s status is its last POS answer', async () => {
  const api = await makeApi();
  const bearer = await token(api);
  const hOp: fc.Arbitrary<HOp> = fc.oneof(
    fc.record({ op: fc.constant('create'), store: fc.constantFrom('48002', '99999', '48003'), hold: fc.boolean() }) as fc.Arbitrary<HOp>,
    fc.record({ op: fc.constantFrom('fire', 'cancel', 'posCancel'), i: fc.nat(6) }) as fc.Arbitrary<HOp>,
    fc.record({ op: fc.constant('advance'), s: fc.integer({ min: 1, max: 8 }) }) as fc.Arbitrary<HOp>,
    fc.record({ op: fc.constant('store'), active: fc.boolean() }) as fc.Arbitrary<HOp>,
  );
  const tenant = 'khumbu_demo_client';
  const seen = { orders: 0, events: new Set<string>() };
  await fc.assert(fc.asyncProperty(fc.array(hOp, { minLength: 1, maxLength: 16 }), async (ops) => {
    await api.sb.admin.reset({ service: 'khumbu' });
    const orders: { ksOrderId: string; providerOrderId: string; store: string }[] = [];
    const opts = { token: bearer, apiKey: API_KEY };
    for (const o of ops) {
      const target = 'i' in o ? orders[o.i % Math.max(orders.length, 1)] : undefined;
      if (o.op === 'create') {
        const res = await kh(api, 'orders/notification', { ...opts, body: sampleOrder({ orderNotificationType: o.hold ? 'HOLD' : 'CREATE', storeInformation: { providerStoreId: o.store, partnerStoreId: o.store } }) });
        if (res.status === 202) orders.push({ ...((await res.json()) as { ksOrderId: string; providerOrderId: string }), store: o.store });
      }
      if (target && o.op === 'fire') await kh(api, 'order/fire', { ...opts, body: { ...target, storeInformation: { providerStoreId: target.store } } });
      if (target && o.op === 'cancel') await kh(api, 'orders/cancel', { ...opts, body: { ...target, storeInformation: { providerStoreId: target.store } } });
      if (target && o.op === 'posCancel') await api.sb.admin.khumbu.cancelOrder(tenant, target.ksOrderId).catch(() => undefined);
      if (o.op === 'advance') await api.sb.admin.clock.advance({ seconds: o.s, service: 'khumbu', tenant });
      if (o.op === 'store') await api.sb.admin.khumbu.setStoreStatus(tenant, '48002', o.active ? 'ACT' : 'INA');
      const events = api.sb.admin.webhooks.list({ service: 'khumbu', tenant, kind: 'orderStatus' }).reverse().map((d) => JSON.parse(d.body) as { providerOrderId: string; orderStatus: string });
      for (const order of await madeOrders(api, tenant)) {
        const mine = events.filter((e) => e.providerOrderId === order.providerOrderId).map((e) => e.orderStatus);
        seen.orders++;
        for (const e of mine) seen.events.add(e);
        const decisive = mine.filter((s) => s !== 'CANCEL_FAILED');
        expect(decisive.filter((s) => s === 'SUCCESS' || s === 'FAILED').length, JSON.stringify(mine)).toBeLessThanOrEqual(1);
        expect(decisive.filter((s) => s === 'CANCELLED').length, JSON.stringify(mine)).toBeLessThanOrEqual(1);
        if (decisive.includes('CANCELLED')) {
          expect(decisive[decisive.length - 1], JSON.stringify(mine)).toBe('CANCELLED');
          expect(order.status).toBe('CANCELLED');
        }
        if (order.status === 'SUCCESS' || order.status === 'FAILED') expect(decisive[decisive.length - 1]).toBe(order.status);
        if (order.status === 'HOLD') expect(decisive).toEqual([]);
      }
    }
  }), { numRuns: 30, seed: SEED, endOnFailure: true });
  // The sequences reached the interesting states (a property over nothing proves nothing).
  expect(seen.orders).toBeGreaterThan(50);
  expect([...seen.events]).toEqual(expect.arrayContaining(['CANCELLED', 'FAILED', 'SUCCESS']));
});

test('OktoPOS: internalIds are unique and increasing per till; a repeated sender orderId never makes a second order', async () => {
  const api = await makeApi();
  type OOp = { till: 0 | 1; sender: number; status: 'new' | 'ready' | 'accepted' };
  const oOp = fc.record({ till: fc.constantFrom(0, 1) as fc.Arbitrary<0 | 1>, sender: fc.nat(5), status: fc.constantFrom('new', 'ready', 'accepted') }) as fc.Arbitrary<OOp>;
  let run = 0;
  await fc.assert(fc.asyncProperty(fc.array(oOp, { minLength: 1, maxLength: 14 }), async (ops) => {
    run++;
    const tills = [`till-inv-${run}-a`, `till-inv-${run}-b`];
    const made: Map<string, number>[] = [new Map(), new Map()];
    const ids: number[][] = [[], []];
    for (const o of ops) {
      const sender = `s-${o.sender}`;
      const res = await okto(api, 'POST', '/v1/order/create', { key: tills[o.till] as string, body: orderBody({ orderId: sender, status: o.status }) });
      const existing = made[o.till]?.get(sender);
      if (existing !== undefined) {
        expect(res.status).toBe(409);
        expect(await res.text()).toContain(String(existing));
      } else {
        expect(res.status).toBe(200);
        const { internalId } = (await res.json()) as { internalId: number };
        const mine = ids[o.till] as number[];
        expect(internalId).toBeGreaterThan(mine[mine.length - 1] ?? 0);
        mine.push(internalId);
        made[o.till]?.set(sender, internalId);
      }
      for (const [t, key] of tills.entries()) {
        const stored = (await api.sb.admin.oktopos.listOrders(key)).map((x) => x.internalId);
        expect(new Set(stored).size).toBe(stored.length);
        expect([...stored].sort((a, b) => a - b)).toEqual(ids[t]);
      }
    }
  }), { numRuns: 30, seed: SEED, endOnFailure: true });
});
