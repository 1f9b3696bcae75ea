import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ScenarioEngine, atPath, draw, type RequestFacts } from '../../src/core/scenarios/engine.js';
import { checkScenario, loadScenarioFiles, ScenarioError, type ScenarioCatalogue } from '../../src/core/scenarios/load.js';
import type { Scenario } from '../../src/core/scenarios/schema.js';

const catalogue: ScenarioCatalogue = { kustom: { operations: ['captureOrder', 'getOrder'], errors: ['TEMPORARILY_UNAVAILABLE', 'NOT_ALLOWED'], webhooks: ['push'], outcomes: {} } };
const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({ service: 'kustom', operation: 'captureOrder', tenant: 't', params: {}, header: () => undefined, ...over });
const scenario = (rules: unknown[], extra: Record<string, unknown> = {}): Scenario => checkScenario({ name: 's1', rules, ...extra }, 'test', catalogue);

test('times: the rule fires N times, then the rule is spent', () => {
  const e = new ScenarioEngine(1);
  e.add(scenario([{ match: { service: 'kustom', operation: 'captureOrder' }, times: 2, respond: { status: 503 } }]), { source: 't', boot: true });
  expect([e.decide(facts()), e.decide(facts()), e.decide(facts())].map((d) => d !== null)).toEqual([true, true, false]);
  expect(e.list()[0]?.counters.get('t')).toEqual([{ matched: 3, fired: 2 }]);
});

test('after: the first N matches go through', () => {
  const e = new ScenarioEngine(1);
  e.add(scenario([{ match: { service: 'kustom', operation: 'captureOrder' }, after: 1, respond: { status: 503 } }]), { source: 't', boot: true });
  expect([e.decide(facts()), e.decide(facts())].map((d) => d !== null)).toEqual([false, true]);
});

test('probability is seeded: the same pattern every run, another with another seed', () => {
  const pattern = (seed: number) => {
    const e = new ScenarioEngine(seed);
    e.add(scenario([{ match: { service: 'kustom', operation: 'getOrder' }, probability: 0.3, respond: { status: 429 } }]), { source: 't', boot: true });
    return Array.from({ length: 40 }, () => (e.decide(facts({ operation: 'getOrder' })) ? 1 : 0)).join('');
  };
  expect(pattern(7)).toBe(pattern(7));
  expect(pattern(7)).not.toBe(pattern(8));
  expect(pattern(7)).toMatch(/1/);
  expect(pattern(7)).toMatch(/0/);
});

test('match by tenant, params, headers and body fields (exact or regex)', () => {
  const e = new ScenarioEngine(1);
  e.add(scenario([{
    match: { service: 'kustom', operation: 'captureOrder', tenant: 't', params: { order_id: { regex: '^abc' } }, headers: { 'x-test': 'yes' }, body: { 'order_lines.0.reference': 'SKU-9', captured_amount: 500 } },
    respond: { status: 503 },
  }]), { source: 't', boot: true });
  const ok = facts({ params: { order_id: 'abc-1' }, header: (n) => (n === 'x-test' ? 'yes' : undefined), body: { captured_amount: 500, order_lines: [{ reference: 'SKU-9' }] } });
  expect(e.decide(ok)).not.toBeNull();
  expect(e.decide({ ...ok, tenant: 'other' })).toBeNull();
  expect(e.decide({ ...ok, params: { order_id: 'x' } })).toBeNull();
  expect(e.decide({ ...ok, body: { captured_amount: 501, order_lines: [{ reference: 'SKU-9' }] } })).toBeNull();
});

test('disarmed scenarios apply only when named for the request; reset re-arms boot ones and disarms runtime ones', () => {
  const e = new ScenarioEngine(1);
  const s = scenario([{ match: { service: 'kustom', operation: 'captureOrder' }, times: 1, respond: { status: 503 } }], { armed: false });
  e.add(s, { source: 'boot', boot: true });
  e.add({ ...s, name: 'runtime' }, { source: 'admin', boot: false });
  expect(e.decide(facts())).toBeNull();
  expect(e.decide(facts(), ['s1'])?.scenario).toBe('s1');
  expect(e.decide(facts(), ['s1'])).toBeNull(); // spent
  e.reset();
  expect(e.list().map((l) => [l.scenario.name, l.armed])).toEqual([['s1', false], ['runtime', false]]);
  expect(e.decide(facts(), ['s1'])).not.toBeNull();
  expect(e.decide(facts(), ['runtime'])?.scenario).toBe('runtime');
});

test('validation names the source, the rule and the field', () => {
  const bad = (rules: unknown[]) => () => checkScenario({ name: 'x', rules }, 'scenarios/x.yaml', catalogue);
  expect(bad([{ match: { service: 'nope', operation: 'a' }, respond: { status: 503 } }])).toThrow(/scenarios\/x\.yaml: rule 1 \(match\.service\): unknown service "nope"/);
  expect(bad([{ match: { service: 'kustom', operation: 'capture' }, respond: { status: 503 } }])).toThrow(/rule 1 \(match\.operation\): kustom has no operation "capture"/);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder' }, respond: { status: 503, error: 'OOPS' } }])).toThrow(/rule 1 \(respond\.error\): kustom has no error code "OOPS"/);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder' } }])).toThrow(/rule 1: a rule needs exactly one effect/);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder' }, respond: { status: 503 }, fault: 'timeout' }])).toThrow(ScenarioError);
  expect(bad([{ match: { service: 'kustom', operation: 'getOrder', body: { a: { regex: '(' } } }, respond: { status: 503 } }])).toThrow(/not a valid regular expression/);
  expect(bad([])).toThrow(/at least one rule/);
});

test('files: YAML and JSON, a directory loads every file in order; malformed files and duplicate names are refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scenarios-'));
  await writeFile(join(dir, 'a.yaml'), 'name: a\nrules:\n  - match: { service: kustom, operation: getOrder }\n    delay: { ms: 5 }\n');
  await writeFile(join(dir, 'b.json'), JSON.stringify({ name: 'b', rules: [{ match: { service: 'kustom', operation: 'getOrder' }, respond: { status: 503 } }] }));
  await writeFile(join(dir, 'notes.txt'), 'ignored');
  expect((await loadScenarioFiles([dir], catalogue)).map((s) => s.scenario.name)).toEqual(['a', 'b']);
  await writeFile(join(dir, 'c.yaml'), 'name: [unclosed');
  await expect(loadScenarioFiles([dir], catalogue)).rejects.toThrow(/c\.yaml: not valid YAML or JSON/);
  await expect(loadScenarioFiles([join(dir, 'a.yaml'), join(dir, 'a.yaml')], catalogue)).rejects.toThrow(/already used/);
  await expect(loadScenarioFiles([join(dir, 'missing.yaml')], catalogue)).rejects.toThrow(/no such scenario file/);
});

test('helpers: dotted paths, and draws that are a function of their parts, spread over [0, 1)', () => {
  expect(atPath({ a: { b: [{ c: 1 }] } }, 'a.b.0.c')).toBe(1);
  expect(atPath({ a: 1 }, 'a.__proto__')).toBeUndefined();
  const x = draw([3, 's', 0, 't', 1, 'probability']);
  expect(draw([3, 's', 0, 't', 1, 'probability'])).toBe(x);
  expect(draw([4, 's', 0, 't', 1, 'probability'])).not.toBe(x);
  const many = Array.from({ length: 10_000 }, (_, n) => draw([1, 'flaky', 0, 'tenant', n + 1, 'probability']));
  expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...many)).toBeLessThan(1);
  const below = many.filter((v) => v < 0.2).length;
  expect(below).toBeGreaterThan(1800); // about 2,000: a fair coin for probability 0.2
  expect(below).toBeLessThan(2200);
  for (let b = 0; b < 10; b++) expect(many.filter((v) => Math.floor(v * 10) === b).length).toBeGreaterThan(850);
});
