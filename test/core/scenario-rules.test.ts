import { expect, test } from 'vitest';
import { ScenarioEngine, type RequestFacts } from '../../src/core/scenarios/engine.js';
import { checkScenario, type ScenarioCatalogue } from '../../src/core/scenarios/load.js';
import type { Scenario } from '../../src/core/scenarios/schema.js';

const catalogue: ScenarioCatalogue = {
  kustom: { operations: ['captureOrder', 'getOrder', 'createCheckoutOrder'], errors: ['TEMPORARILY_UNAVAILABLE', 'TOO_MANY_REQUESTS'], webhooks: ['push', 'notification'], outcomes: { fraud_status: { operations: ['createCheckoutOrder'] } } },
  khumbu: {
    operations: ['createOrder', 'cancelOrder'], errors: ['KS-2003'], webhooks: ['orderStatus'],
    outcomes: { webhook: { operations: ['createOrder', 'cancelOrder'], check: (e) => ((e as { orderStatus: string }).orderStatus === 'CANCELLED' ? 'CANCELLED cannot follow createOrder' : null) } },
  },
};
const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({ service: 'kustom', operation: 'captureOrder', tenant: 't', ...over });
const load = (name: string, rules: unknown[], extra: Record<string, unknown> = {}): Scenario => checkScenario({ name, rules, ...extra }, 'test', catalogue);
const respond503 = { respond: { status: 503 } };

test('precedence: scenarios named in the header come first (in header order), then armed ones in load order', () => {
  const e = new ScenarioEngine(1);
  for (const [name, armed] of [['a', true], ['b', true], ['c', false], ['d', false]] as const) {
    e.add(load(name, [{ match: { service: 'kustom', operation: 'captureOrder' }, ...respond503 }], { armed }), { source: 't', boot: true });
  }
  expect(e.decide(facts())?.scenario).toBe('a');
  expect(e.decide(facts(), ['d', 'c'])?.scenario).toBe('d');
  expect(e.decide(facts(), ['b'])?.scenario).toBe('b');
  expect(e.decide(facts(), ['nope'])?.scenario).toBe('a');
  e.setArmed('a', false);
  expect(e.decide(facts())?.scenario).toBe('b');
});

test('within a scenario the first matching rule wins; a spent rule lets the next one decide', () => {
  const e = new ScenarioEngine(1);
  e.add(load('s', [
    { match: { service: 'kustom', operation: 'captureOrder' }, times: 1, respond: { status: 503 } },
    { match: { service: 'kustom', operation: 'captureOrder' }, respond: { status: 502 } },
  ]), { source: 't', boot: true });
  expect([e.decide(facts())?.ruleIndex, e.decide(facts())?.ruleIndex]).toEqual([0, 1]);
});

test('operation as a list or "*"; a scenario-level tenant scopes every rule', () => {
  const e = new ScenarioEngine(1);
  e.add(load('list', [{ match: { service: 'kustom', operation: ['getOrder', 'captureOrder'] }, ...respond503 }], { tenant: 'only-me' }), { source: 't', boot: true });
  e.add(load('all', [{ match: { service: 'khumbu', operation: '*' }, ...respond503 }]), { source: 't', boot: true });
  expect(e.decide(facts({ operation: 'getOrder', tenant: 'only-me' }))?.scenario).toBe('list');
  expect(e.decide(facts({ operation: 'getOrder', tenant: 'someone-else' }))).toBeNull();
  expect(e.decide(facts({ service: 'khumbu', operation: 'cancelOrder' }))?.scenario).toBe('all');
  expect(e.concerns('khumbu', 'anything')).toBe(true);
  expect(e.concerns('kustom', 'createCheckoutOrder')).toBe(false);
});

test('rate_limit: requests under the limit pass and are counted per tenant; over it the rule fires until the window turns', () => {
  const e = new ScenarioEngine(1);
  e.add(load('rl', [{ match: { service: 'kustom', operation: '*' }, rate_limit: { limit: 2, window_seconds: 1 } }]), { source: 't', boot: true });
  const at = (now: number, tenant = 't') => e.decide(facts({ now, tenant }));
  expect([at(1000), at(1100)]).toEqual([null, null]);
  expect(at(1200)?.rateLimit).toEqual({ limit: 2, windowSeconds: 1, resetSeconds: 1 });
  expect(at(1300, 'other')).toBeNull();
  expect(at(2000)).toBeNull();
  expect(e.list()[0]?.counters.get('t')).toEqual([{ matched: 4, fired: 1 }]); // counters are per tenant too
  expect(e.list()[0]?.counters.get('other')).toEqual([{ matched: 1, fired: 0 }]);
});

test('webhook rules match deliveries by kind, tenant and payload, never requests', () => {
  const e = new ScenarioEngine(1);
  e.add(load('w', [{ match: { service: 'khumbu', webhook: 'orderStatus', body: { orderStatus: 'SUCCESS' } }, deliver: { fault: 'duplicated' } }]), { source: 't', boot: true });
  expect(e.concernsWebhook('khumbu', 'orderStatus')).toBe(true);
  expect(e.concerns('khumbu', 'orderStatus')).toBe(false);
  expect(e.decide({ service: 'khumbu', webhook: 'orderStatus', tenant: 't', body: { orderStatus: 'SUCCESS' } })?.rule.deliver).toEqual({ fault: 'duplicated' });
  expect(e.decide({ service: 'khumbu', webhook: 'orderStatus', tenant: 't', body: { orderStatus: 'FAILED' } })).toBeNull();
  expect(e.decide({ service: 'khumbu', operation: 'orderStatus', tenant: 't' })).toBeNull();
});

test('reset: a deleted boot scenario comes back armed; an armed runtime one stays loaded, disarmed; a deleted runtime one stays gone', () => {
  const e = new ScenarioEngine(1);
  e.add(load('boot', [{ match: { service: 'kustom', operation: 'getOrder' }, ...respond503 }]), { source: 'f.yaml', boot: true });
  e.add(load('runtime', [{ match: { service: 'kustom', operation: 'getOrder' }, ...respond503 }]), { source: 'admin', boot: false });
  e.add(load('gone', [{ match: { service: 'kustom', operation: 'getOrder' }, ...respond503 }]), { source: 'admin', boot: false });
  expect(e.remove('boot')).toBe(true);
  expect(e.remove('boot')).toBe(false);
  expect(e.remove('gone')).toBe(true);
  expect(e.decide(facts({ operation: 'getOrder' }))?.scenario).toBe('runtime');
  e.reset();
  expect(e.list().map((l) => [l.scenario.name, l.armed, l.counters.get('t')?.[0]?.matched ?? 0])).toEqual([['boot', true, 0], ['runtime', false, 0]]);
  expect(e.decide(facts({ operation: 'getOrder' }))?.scenario).toBe('boot');
  expect(e.decide(facts({ operation: 'getOrder' }), ['runtime'])?.scenario).toBe('runtime');
});

test('validation of the new effects names the rule and the field', () => {
  const bad = (rules: unknown[]) => () => checkScenario({ name: 'x', rules }, 'x.yaml', catalogue);
  expect(bad([{ match: { service: 'kustom', webhook: 'pushes' }, deliver: { fault: 'dropped' } }])).toThrow(/rule 1 \(match\.webhook\): kustom sends no webhook "pushes"; did you mean "push"\? use one of push, notification/);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder' }, deliver: { fault: 'dropped' } }])).toThrow(/rule 1 \(deliver\): the deliver effect needs match\.webhook/);
  expect(bad([{ match: { service: 'kustom', webhook: 'push' }, ...respond503 }])).toThrow(/rule 1 \(match\): a rule matching a webhook needs the deliver effect/);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder', webhook: 'push' }, deliver: { fault: 'dropped' } }])).toThrow(/name exactly one of operation or webhook/);
  expect(bad([{ match: { service: 'kustom', operation: 'createCheckoutOrder' }, kitchen: { stall: true } }])).toThrow(/rule 1 \(kitchen\): kustom has no kitchen outcome; no service has/);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder' }, fraud_status: { resolve_to: 'REJECTED' } }])).toThrow(/rule 1 \(match\.operation\): the fraud_status outcome follows createCheckoutOrder, not getOrder/);
  expect(bad([{ match: { service: 'khumbu', operation: 'createOrder' }, webhook: { orderStatus: 'CANCELLED' } }])).toThrow(/rule 1 \(webhook\): CANCELLED cannot follow createOrder/);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder' }, rate_limit: { limit: 5, error: 'NOPE' } }])).toThrow(/rule 1 \(rate_limit\.error\): kustom has no error code "NOPE"/);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder' }, fault: 'meltdown' }])).toThrow(/rule 1 \(fault\)/);
  expect(bad([{ match: { service: 'kustom', operation: ['getOrder', 'nope'] }, ...respond503 }])).toThrow(/kustom has no operation "nope"/);
  expect(checkScenario({ name: 'ok', rules: [{ match: { service: 'kustom', operation: 'createCheckoutOrder' }, fraud_status: { resolve_to: 'ACCEPTED' } }] }, 'x', catalogue).rules[0]?.fraud_status).toEqual({ resolve_to: 'ACCEPTED', after_minutes: 30 });
});

test('counters are per tenant: times and after count each tenant\'s matches, whatever the interleaving', () => {
  const e = new ScenarioEngine(1);
  e.add(load('outage', [{ match: { service: 'kustom', operation: 'getOrder' }, after: 1, times: 2, ...respond503 }]), { source: 't', boot: true });
  const seen: Record<string, boolean[]> = { a: [], b: [] };
  for (const tenant of ['a', 'b', 'b', 'a', 'b', 'a', 'a', 'b', 'a', 'b']) seen[tenant]!.push(e.decide(facts({ operation: 'getOrder', tenant })) !== null);
  expect(seen).toEqual({ a: [false, true, true, false, false], b: [false, true, true, false, false] });
  e.resetTenant('a');
  expect([e.decide(facts({ operation: 'getOrder', tenant: 'a' })), e.decide(facts({ operation: 'getOrder', tenant: 'a' }))].map((d) => d !== null)).toEqual([false, true]);
  expect(e.decide(facts({ operation: 'getOrder', tenant: 'b' }))).toBeNull(); // b's rule stays spent
});

test('a probability pattern is a function of seed, scenario, rule, tenant and match number: the same across foreign traffic, reset and reload', () => {
  const rules = [{ match: { service: 'kustom', operation: 'getOrder' }, probability: 0.5, ...respond503 }];
  const pattern = (e: ScenarioEngine, tenant: string, n: number, foreign = false) => Array.from({ length: n }, () => {
    if (foreign) e.decide(facts({ operation: 'getOrder', tenant: 'noise' }));
    return e.decide(facts({ operation: 'getOrder', tenant })) !== null;
  });
  const alone = new ScenarioEngine(42);
  alone.add(load('flaky', rules), { source: 't', boot: true });
  const first = pattern(alone, 'ci-1', 40);
  expect(first.filter(Boolean).length).toBeGreaterThan(8);
  expect(first.filter(Boolean).length).toBeLessThan(32);

  const busy = new ScenarioEngine(42);
  busy.add(load('flaky', rules), { source: 't', boot: true });
  expect(pattern(busy, 'ci-1', 40, true)).toEqual(first);
  busy.reset();
  expect(pattern(busy, 'ci-1', 40, true)).toEqual(first);
  busy.remove('flaky');
  busy.add(load('flaky', rules), { source: 'admin', boot: false });
  expect(pattern(busy, 'ci-1', 40)).toEqual(first);

  const other = new ScenarioEngine(43);
  other.add(load('flaky', rules), { source: 't', boot: true });
  expect(pattern(other, 'ci-1', 40)).not.toEqual(first);
  expect(pattern(alone, 'ci-2', 40)).not.toEqual(first); // each tenant has its own pattern
});
