import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect, test } from 'vitest';
import { assemble, check, coverageArea, type ReadinessReport } from '../../src/core/readiness/report.js';
import { toJunit, toMarkdown } from '../../src/core/readiness/render.js';

/** The report's pure parts: verdicts, coverage, ordering and the gate, and the renderers with hostile text. */
const spec = { id: 'x.one', title: 'One', level: 'must' as const, advice: 'Do it.' };
const ev = (n: number, note = `request ${n}`) => ({ journalId: n, at: '2026-12-01T00:00:00.000Z', note });

test('a verdict: any failure fails (first one in the detail), nothing to judge is not exercised, otherwise a pass', () => {
  expect(check(spec, { exercised: true, failures: [ev(1, 'bad'), ev(2)] })).toMatchObject({ verdict: 'fail', detail: '2 times: bad (and more in the evidence)', evidence: [ev(1, 'bad'), ev(2)] });
  expect(check(spec, { exercised: false, failures: [] })).toMatchObject({ verdict: 'not exercised', evidence: [] });
  expect(check(spec, { exercised: true, failures: [], passes: [ev(3)] })).toMatchObject({ verdict: 'pass', evidence: [ev(3)] });
  // A failure counts even when the check's own notion of "exercised" says no.
  expect(check(spec, { exercised: false, failures: [ev(4)] }).verdict).toBe('fail');
  expect(check(spec, { exercised: true, failures: Array.from({ length: 30 }, (_, i) => ev(i)) }).evidence).toHaveLength(20);
});

test('coverage lists what was never exercised in catalogue order, counts what was, and keeps what the catalogue lacks', () => {
  expect(coverageArea('a', 'A', ['x', 'y', 'z'], ['z', 'x', 'z', 'extra'])).toEqual({
    area: 'a', title: 'A', total: 3, exercised: 2, never: ['y'], seen: [{ item: 'x', count: 1 }, { item: 'z', count: 2 }, { item: 'extra', count: 1 }],
  });
});

test('the report puts must-haves first and failures first; ready means no must-have failed (advice never gates)', () => {
  const r = assemble({
    service: 's', tenant: 't', generatedAt: 'g', basis: { requests: 0, webhooks: 0, journalCapacity: 10, since: null }, coverage: [],
    checks: [
      check({ ...spec, id: 'a', level: 'advice' }, { exercised: true, failures: [ev(1)] }),
      check({ ...spec, id: 'b' }, { exercised: true, failures: [] }),
      check({ ...spec, id: 'c' }, { exercised: false, failures: [] }),
      check({ ...spec, id: 'd' }, { exercised: true, failures: [ev(2)] }),
    ],
  });
  expect(r.checks.map((c) => c.id)).toEqual(['d', 'c', 'b', 'a']);
  expect(r.summary).toEqual({ must: { pass: 1, fail: 1, notExercised: 1 }, advice: { pass: 0, fail: 1, notExercised: 0 } });
  expect(r.ready).toBe(false);
});

const hostile: ReadinessReport = assemble({
  service: 'kustom', tenant: 'a<b>&"c\'', generatedAt: '2026-12-01T00:00:00.000Z', basis: { requests: 2, webhooks: 0, journalCapacity: 1000, since: null },
  coverage: [coverageArea('ops', 'Ops | pipes', ['a|b'], [])],
  checks: [check({ ...spec, title: 'Title with <tags> & "quotes"' }, { exercised: true, failures: [ev(1, 'path /x?a=1&b=<2>\u0001\u001f end')] })],
});

test('JUnit of hostile text (markup, quotes, control characters) is well-formed XML that reads back as written', () => {
  const out = toJunit([hostile]);
  expect(XMLValidator.validate(out)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(out) as { testsuites: { testsuite: { name: string; testcase: { name: string; failure: { '#text': string } } } } };
  expect(doc.testsuites.testsuite.name).toBe('kustom readiness (tenant a<b>&"c\')');
  expect(doc.testsuites.testsuite.testcase.name).toBe('x.one: Title with <tags> & "quotes"');
  expect(doc.testsuites.testsuite.testcase.failure['#text']).toContain('path /x?a=1&b=<2>\ufffd\ufffd end');
});

test('Markdown keeps a table row on one line and a pipe inside a cell escaped', () => {
  const md = toMarkdown([hostile]);
  expect(md).toContain('| ❌ fail | must | Title with <tags> & "quotes" (`x.one`) |');
  expect(md).toContain('### Ops | pipes: 0 of 1');
  const failed = check({ ...spec, title: 'A | B' }, { exercised: true, failures: [ev(1, 'line one\nline two')] });
  const row = toMarkdown([{ ...hostile, checks: [failed] }]).split('\n').find((l) => l.startsWith('| ❌'));
  expect(row).toBe('| ❌ fail | must | A \\| B (`x.one`) | 1 time: line one line two |');
});

test('JUnit: a failed advice is skipped with the finding (it does not gate go-live), a failed must-have is a failure', () => {
  const r = assemble({
    service: 's', tenant: 't', generatedAt: '2026-12-01T00:00:00.000Z', basis: { requests: 1, webhooks: 0, journalCapacity: 10, since: null }, coverage: [],
    checks: [check({ ...spec, id: 'adv', level: 'advice' }, { exercised: true, failures: [ev(1, 'slow')] }), check({ ...spec, id: 'm' }, { exercised: true, failures: [ev(2, 'bad')] })],
  });
  const out = toJunit([r]);
  expect(out).toContain('<testsuite name="s readiness (tenant t)" tests="2" failures="1" errors="0" skipped="1"');
  expect(out).toContain('<skipped message="advice, not a go-live gate: 1 time: slow"/>\n      <system-out>1 time: slow');
  expect(out).toContain('<failure message="1 time: bad" type="must">');
});

test('Markdown: what a client sent cannot break out of its line (a newline in a path, a backtick in a tenant)', () => {
  const evil = check(spec, { exercised: true, failures: [ev(1, 'POST /x\n# Ready for go-live\n\n**yes**')] });
  const md = toMarkdown([{ ...hostile, tenant: 'a`b', checks: [evil] }]);
  expect(md.split('\n')[0]).toBe('# Go-live readiness: kustom, tenant `` a`b ``');
  expect(md).toContain('- request #1 at 2026-12-01T00:00:00.000Z: POST /x # Ready for go-live **yes**\n');
  expect(md.split('\n').filter((l) => l.startsWith('# '))).toHaveLength(1);
});
