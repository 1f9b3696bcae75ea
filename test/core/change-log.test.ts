import { appendFile, mkdtemp, readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { Store } from '../helpers/closing-store.js';
import { ChangeLog } from '../../src/core/change-log.js';
import { writeFileDurably } from '../../src/core/durable-file.js';
import { setOwn } from '../../src/core/own.js';

/** The change log under the directory store: constant-cost appends, folds, crash recovery. */
const tmp = () => mkdtemp(join(tmpdir(), 'sandbox-log-'));
type Doc = { items: Record<string, unknown>; counter: number };
const seed = (): Doc => ({ items: {}, counter: 0 });
const reopen = async (dir: string) => (await new Store(dir).open<Doc>('svc', 't', seed)).data;

test('a write appends only what changed: one line for one record, whatever the document holds', async () => {
  const dir = await tmp();
  const store = new Store(dir, undefined, { foldMinBytes: 1e9 });
  const doc = await store.open<Doc>('svc', 't', seed);
  for (let i = 0; i < 10_000; i++) doc.data.items[`k${i}`] = { i, name: `item ${i}` };
  await doc.commit();
  const before = (await stat(join(dir, 'svc', 't.log'))).size;
  doc.data.items['k5'] = { i: 5, name: 'changed' };
  doc.data.counter = 1;
  await doc.commit();
  const added = (await readFile(join(dir, 'svc', 't.log'), 'utf8')).slice(before);
  expect(added).toBe('{"p":["items","k5"],"u":[[["name"],"changed"]]}\n{"p":["counter"],"v":1}\n'); // the record's changed field
  delete doc.data.items['k6'];
  await doc.commit();
  expect((await readFile(join(dir, 'svc', 't.log'), 'utf8')).endsWith('{"p":["items","k6"],"d":1}\n')).toBe(true);
  const back = await reopen(dir);
  expect(back.items['k5']).toEqual({ i: 5, name: 'changed' });
  expect(back.items['k6']).toBeUndefined();
  expect(Object.keys(back.items)).toHaveLength(9_999);
  expect(back.counter).toBe(1);
});

test('the log is folded into the document once it outgrows it: the document is complete and the log empty', async () => {
  const dir = await tmp();
  const store = new Store(dir, undefined, { foldMinBytes: 2_000 });
  const doc = await store.open<Doc>('svc', 't', seed);
  for (let i = 0; i < 200; i++) {
    doc.data.items[`k${i % 20}`] = { i };
    await doc.commit();
  }
  await store.flush(); // the fold runs beside the commits
  expect((await stat(join(dir, 'svc', 't.log'))).size).toBeLessThanOrEqual(2_000 + 40);
  const onDisk = JSON.parse(await readFile(join(dir, 'svc', 't.json'), 'utf8')) as Doc;
  expect(Object.keys(onDisk.items).length).toBeGreaterThan(0);
  expect(await reopen(dir)).toEqual(JSON.parse(JSON.stringify(doc.data)));
  expect((await readdir(join(dir, 'svc'))).sort()).toEqual(['t.json', 't.log']);
});

test('a torn last line (a crash mid-append, never acknowledged) is cut off, and later appends start clean', async () => {
  const dir = await tmp();
  const s1 = new Store(dir);
  const d1 = await s1.open<Doc>('svc', 't', seed);
  d1.data.items['a'] = 1;
  await d1.commit();
  await appendFile(join(dir, 'svc', 't.log'), '{"p":["items","b"],"v":');
  const s2 = new Store(dir);
  const d2 = await s2.open<Doc>('svc', 't', seed);
  expect(d2.data.items).toEqual({ a: 1 });
  d2.data.items['c'] = 3;
  await d2.commit();
  expect(await readFile(join(dir, 'svc', 't.log'), 'utf8')).toBe('{"p":["items","a"],"v":1}\n{"p":["items","c"],"v":3}\n');
  expect((await reopen(dir)).items).toEqual({ a: 1, c: 3 });
});

test('a crash in the middle of a fold loses nothing: the rotated log is replayed over whichever document is on disk', async () => {
  const dir = await tmp();
  await mkdir(join(dir, 'svc'), { recursive: true });
  // The document was rewritten with a and b, but the rotated log (a, b) was not deleted yet; c came after.
  await writeFile(join(dir, 'svc', 't.json'), JSON.stringify({ items: { a: 1, b: 2 }, counter: 0 }));
  await writeFile(join(dir, 'svc', 't.log.1'), '{"p":["items","a"],"v":1}\n{"p":["items","b"],"v":2}\n');
  await writeFile(join(dir, 'svc', 't.log'), '{"p":["items","c"],"v":3}\n{"p":["items","a"],"d":1}\n');
  expect((await reopen(dir)).items).toEqual({ b: 2, c: 3 });
  // Or the crash came before the document was rewritten: the old document, then both logs.
  await writeFile(join(dir, 'svc', 't.json'), JSON.stringify({ items: {}, counter: 0 }));
  expect((await reopen(dir)).items).toEqual({ b: 2, c: 3 });
});

test('an unreadable line inside the log is reported and the log kept aside byte for byte, never silently dropped', async () => {
  const dir = await tmp();
  const s1 = new Store(dir);
  const d1 = await s1.open<Doc>('svc', 't', seed);
  d1.data.items['a'] = 1;
  await d1.commit();
  const broken = '{"p":["items","a"],"v":1}\nnot json\n{"p":["items","b"],"v":2}\n';
  await writeFile(join(dir, 'svc', 't.log'), broken);
  const warnings: { file: string; movedTo: string; reason: string }[] = [];
  const d2 = await new Store(dir, (w) => warnings.push(w)).open<Doc>('svc', 't', seed);
  expect(d2.data.items).toEqual({});
  expect(warnings).toHaveLength(1);
  expect(warnings[0]?.reason).toMatch(/t\.log line 2/);
  expect(await readFile(warnings[0]?.movedTo as string, 'utf8')).toBe(broken);
});

test('keys like __proto__ are ordinary ids on disk too', async () => {
  const dir = await tmp();
  const doc = await new Store(dir).open<Doc>('svc', 't', seed);
  setOwn(doc.data.items, '__proto__', { evil: false });
  await doc.commit();
  const back = await reopen(dir);
  expect(Object.prototype.hasOwnProperty.call(back.items, '__proto__')).toBe(true);
  expect(({} as Record<string, unknown>)['evil']).toBeUndefined();
});

test('property: after any sequence of sets, deletes, replaces and commits, a reopened store holds exactly what was committed', async () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.jsonValue() }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom('a', 'b', 'c', 'd') }),
    fc.record({ kind: fc.constant('counter' as const), value: fc.integer() }),
    fc.record({ kind: fc.constant('replace' as const) }),
    // a record replaced by a changed copy (as the repos do): one more element, a field set or removed, fewer elements
    fc.record({ kind: fc.constant('grow' as const), key: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.jsonValue() }),
    fc.record({ kind: fc.constant('field' as const), key: fc.constantFrom('a', 'b', 'c', 'd'), field: fc.constantFrom('x', 'y'), value: fc.option(fc.jsonValue(), { nil: undefined }) }),
    fc.record({ kind: fc.constant('shrink' as const), key: fc.constantFrom('a', 'b', 'c', 'd') }),
  );
  const record = (v: unknown): { xs: unknown[] } & Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as { xs?: unknown }).xs) ? v as { xs: unknown[] } : { xs: [] });
  await fc.assert(fc.asyncProperty(fc.array(fc.array(op, { maxLength: 5 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 200, max: 5_000 }), async (batches, foldMinBytes) => {
    const dir = await tmp();
    const store = new Store(dir, undefined, { foldMinBytes });
    const doc = await store.open<Doc>('svc', 't', seed);
    for (const batch of batches) {
      for (const o of batch) {
        if (o.kind === 'set') doc.data.items[o.key] = o.value;
        if (o.kind === 'delete') delete doc.data.items[o.key];
        if (o.kind === 'counter') doc.data.counter = o.value;
        if (o.kind === 'replace') await doc.replace({ items: { r: 1 }, counter: -1 });
        if (o.kind === 'grow') { const r = record(doc.data.items[o.key]); doc.data.items[o.key] = { ...r, xs: [...r.xs, o.value] }; }
        if (o.kind === 'field') doc.data.items[o.key] = { ...record(doc.data.items[o.key]), [o.field]: o.value };
        if (o.kind === 'shrink') { const r = record(doc.data.items[o.key]); doc.data.items[o.key] = { ...r, xs: r.xs.slice(1) }; }
      }
      await doc.commit();
    }
    await store.flush(); // a fold still running would be read half way: a second store is no crash
    expect(await reopen(dir)).toEqual(JSON.parse(JSON.stringify(doc.data)));
    await store.close(); // folds what the log holds
    expect(await reopen(dir)).toEqual(JSON.parse(JSON.stringify(doc.data)));
  }), { numRuns: 100, seed: 7 });
});

test('a rotated log left by a failed fold is never overwritten (a crash in the next fold would lose it); the next fold takes it in', async () => {
  const dir = await tmp();
  await mkdir(join(dir, 'svc'), { recursive: true });
  const file = join(dir, 'svc', 't.log');
  await writeFile(`${file}.1`, '{"p":["items","old"],"v":1}\n'); // the failed fold's: not in the document
  const data: Record<string, unknown> = { items: {} };
  const log = await ChangeLog.open(file, data);
  expect(data).toEqual({ items: { old: 1 } });
  await log.append([{ p: ['items', 'new'], v: 2 }]);
  await log.rotate();
  expect(await readFile(`${file}.1`, 'utf8')).toBe('{"p":["items","old"],"v":1}\n');
  await log.append([{ p: ['items', 'newer'], v: 3 }]);
  expect(await readFile(file, 'utf8')).toBe('{"p":["items","new"],"v":2}\n{"p":["items","newer"],"v":3}\n');
  await log.close();
  const again: Record<string, unknown> = { items: {} };
  await (await ChangeLog.open(file, again)).close();
  expect(again).toEqual({ items: { old: 1, new: 2, newer: 3 } }); // a crash here loses nothing

  const store = new Store(dir);
  const doc = await store.open<Doc>('svc', 't', seed);
  await doc.replace(JSON.parse(JSON.stringify(doc.data)) as Doc); // a fold that lands
  expect((await readdir(join(dir, 'svc'))).sort()).toEqual(['t.json', 't.log']);
  expect((await reopen(dir)).items).toEqual({ old: 1, new: 2, newer: 3 });
});

test('a fold runs beside the commits: commits made while the document is being written land in the new log, and a crash at that moment loses nothing', async () => {
  const dir = await tmp();
  // Hold every document write (the fold's) until released.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let hold = false;
  const store = new Store(dir, undefined, { foldMinBytes: 500, writeDocument: async (file, text) => { if (hold) await gate; await writeFileDurably(file, text); } });
  const doc = await store.open<Doc>('svc', 't', seed); // writes the seed document
  hold = true;
  try {
    for (let i = 0; i < 20; i++) {
      doc.data.items[`k${i}`] = { i, pad: 'x'.repeat(40) };
      await doc.commit();
    }
    expect((await readdir(join(dir, 'svc'))).sort()).toEqual(['t.json', 't.log', 't.log.1']); // folding, held
    doc.data.items['during'] = 'the fold';
    doc.data.counter = 7;
    await doc.commit(); // does not wait for the held fold
    expect(await readFile(join(dir, 'svc', 't.log'), 'utf8')).toContain('"during"');
    expect(await reopen(dir)).toEqual(JSON.parse(JSON.stringify(doc.data))); // what a crash now would load
  } finally {
    release();
  }
  await store.flush();
  expect((await readdir(join(dir, 'svc'))).sort()).toEqual(['t.json', 't.log']);
  expect(await reopen(dir)).toEqual(JSON.parse(JSON.stringify(doc.data)));
});

test('a record that keeps growing costs what was added: the hundredth element writes a line no longer than the first', async () => {
  const dir = await tmp();
  const store = new Store(dir, undefined, { foldMinBytes: 1e9 });
  const doc = await store.open<Doc>('svc', 't', seed);
  doc.data.items['order'] = { status: 'AUTHORIZED', captures: [] as unknown[] };
  await doc.commit();
  const sizes: number[] = [];
  for (let i = 0; i < 100; i++) {
    const before = (await stat(join(dir, 'svc', 't.log'))).size;
    const o = doc.data.items['order'] as { status: string; captures: unknown[] };
    doc.data.items['order'] = { ...o, status: 'PART_CAPTURED', captures: [...o.captures, { capture_id: `c${i}`, amount: 100 + i }] };
    await doc.commit();
    sizes.push((await stat(join(dir, 'svc', 't.log'))).size - before);
  }
  expect(Math.max(...sizes)).toBeLessThanOrEqual((sizes[0] as number) + 5); // not 100 captures' worth
  expect((await readFile(join(dir, 'svc', 't.log'), 'utf8')).trimEnd().split('\n').at(-1)).toBe('{"p":["items","order"],"u":[[["captures",99],{"capture_id":"c99","amount":199}]]}');
  expect(await reopen(dir)).toEqual(JSON.parse(JSON.stringify(doc.data)));
});

test('field changes replayed over a document that already holds them (a crash after the fold\'s rename) change nothing', async () => {
  const dir = await tmp();
  await mkdir(join(dir, 'svc'), { recursive: true });
  const final = { items: { o: { status: 'CAPTURED', xs: [1, 2, 3], note: 'kept' } }, counter: 0 };
  await writeFile(join(dir, 'svc', 't.json'), JSON.stringify(final)); // the fold's document, newer than both logs
  await writeFile(join(dir, 'svc', 't.log.1'), [
    '{"p":["items","o"],"v":{"status":"AUTHORIZED","xs":[],"gone":true}}',
    '{"p":["items","o"],"u":[[["status"],"PART_CAPTURED"],[["xs",0],1],[["gone"]]]}',
  ].join('\n') + '\n');
  await writeFile(join(dir, 'svc', 't.log'), [
    '{"p":["items","o"],"u":[[["xs",1],2],[["note"],"kept"]]}',
    '{"p":["items","o"],"u":[[["status"],"CAPTURED"],[["xs",2],3]]}',
  ].join('\n') + '\n');
  expect(await reopen(dir)).toEqual(final);
  // or over the document from before the fold, where the record does not exist yet
  await writeFile(join(dir, 'svc', 't.json'), JSON.stringify({ items: {}, counter: 0 }));
  expect(await reopen(dir)).toEqual(final);
  // a record deleted later: its field changes are skipped, not a reason to fail the load
  await appendFile(join(dir, 'svc', 't.log'), '{"p":["items","o"],"d":1}\n{"p":["items","o"],"u":[[["status"],"x"]]}\n');
  expect((await reopen(dir)).items).toEqual({});
});

test('a record stored again as the same object (edited in place) is logged whole, not as a comparison with itself', async () => {
  const dir = await tmp();
  const store = new Store(dir, undefined, { foldMinBytes: 1e9 });
  const doc = await store.open<Doc>('svc', 't', seed);
  const rec = { n: 1 };
  doc.data.items['k'] = rec;
  await doc.commit();
  rec.n = 2;
  doc.data.items['k'] = rec;
  await doc.commit();
  expect((await readFile(join(dir, 'svc', 't.log'), 'utf8')).trimEnd().split('\n').at(-1)).toBe('{"p":["items","k"],"v":{"n":2}}');
  expect((await reopen(dir)).items).toEqual({ k: { n: 2 } });
});
