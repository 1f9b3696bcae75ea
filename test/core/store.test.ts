import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { tenantFileName, tenantFromFileName } from '../../src/core/store.js';
import { Store } from '../helpers/closing-store.js';

const tmp = () => mkdtemp(join(tmpdir(), 'sandbox-store-'));
type Doc = { items: Record<string, number> };

test('memory store: seeds on first open, shares one document per tenant, keeps nothing', async () => {
  const store = new Store(':memory:');
  const a = await store.open<Doc>('svc', 't', () => ({ items: { seeded: 1 } }));
  a.data.items['x'] = 2;
  await a.commit();
  expect((await store.open<Doc>('svc', 't', () => ({ items: {} }))).data.items).toEqual({ seeded: 1, x: 2 });
  expect(store.persistent).toBe(false);
});

test('directory store: one JSON document and change log per service and tenant, readable after a restart; close folds the log in', async () => {
  const dir = await tmp();
  const s1 = new Store(dir);
  const doc = await s1.open<Doc>('kustom', 'merchant/1', () => ({ items: {} }));
  doc.data.items['a'] = 1;
  await doc.commit();
  expect((await readdir(join(dir, 'kustom'))).sort()).toEqual(['merchant%2F1.json', 'merchant%2F1.log']);
  expect(JSON.parse(await readFile(join(dir, 'kustom', 'merchant%2F1.json'), 'utf8'))).toEqual({ items: {} });
  expect(await readFile(join(dir, 'kustom', 'merchant%2F1.log'), 'utf8')).toBe('{"p":["items","a"],"v":1}\n');
  const s2 = new Store(dir);
  expect((await s2.open<Doc>('kustom', 'merchant/1', () => ({ items: {} }))).data.items).toEqual({ a: 1 });
  expect(await s2.tenants('kustom')).toEqual(['merchant/1']);
  await s1.close();
  expect(JSON.parse(await readFile(join(dir, 'kustom', 'merchant%2F1.json'), 'utf8'))).toEqual({ items: { a: 1 } });
  expect(await readFile(join(dir, 'kustom', 'merchant%2F1.log'), 'utf8')).toBe('');
});

test('group commit: commits during a write share the next write, and every commit resolves after its data is on disk', async () => {
  const dir = await tmp();
  const store = new Store(dir);
  const doc = await store.open<Doc>('svc', 't', () => ({ items: {} }));
  const commits: Promise<void>[] = [];
  for (let i = 0; i < 50; i++) {
    doc.data.items[`k${i}`] = i;
    commits.push(doc.commit().then(async () => {
      const logged = (await readFile(join(dir, 'svc', 't.log'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      expect(logged).toContainEqual({ p: ['items', `k${i}`], v: i });
    }));
  }
  await Promise.all(commits);
  const lines = (await readFile(join(dir, 'svc', 't.log'), 'utf8')).trim().split('\n');
  expect(lines).toHaveLength(50); // each change once, however many commits shared a write
});

test('a corrupt document is kept aside and reported, never silently emptied', async () => {
  const dir = await tmp();
  const warnings: string[] = [];
  const s1 = new Store(dir);
  await (await s1.open<Doc>('svc', 't', () => ({ items: { a: 1 } }))).commit();
  await writeFile(join(dir, 'svc', 't.json'), '{"items": {"a": 1', 'utf8');
  const s2 = new Store(dir, (w) => warnings.push(w.movedTo));
  const doc = await s2.open<Doc>('svc', 't', () => ({ items: { seed: 1 } }));
  expect(doc.data.items).toEqual({ seed: 1 });
  expect(warnings).toHaveLength(1);
  expect(await readFile(warnings[0] as string, 'utf8')).toBe('{"items": {"a": 1');
});

test('tenant file names are safe and reversible', () => {
  for (const t of ['kco_test_api_demo', '../etc/passwd', 'a b', 'Zoë', '.hidden', 'k'.repeat(195)]) {
    const f = tenantFileName(t);
    expect(f).toMatch(/^[A-Za-z0-9_%-]+\.json$/);
    expect(tenantFromFileName(f)).toBe(t);
  }
});

test('a tenant name too long for a file name gets a cut name with a digest, short enough for every suffix the store adds', () => {
  const names = ['.'.repeat(200), `${'.'.repeat(199)}!`, 'k'.repeat(201), 'ü'.repeat(200)];
  const files = names.map(tenantFileName);
  expect(new Set(files).size).toBe(names.length);
  for (const f of files) {
    expect(f).toMatch(/^[A-Za-z0-9_%-]*~[0-9a-f]{32}\.json$/);
    expect(f.length).toBeLessThanOrEqual(205); // + `.log.1.corrupt-<time>`, `.<name>.tmp`: within 255 bytes
    expect(f).not.toMatch(/%[0-9A-F]?~/); // never half an escape
    expect(tenantFromFileName(f)).toBeNull();
  }
});

test('directory store: tenants with names too long for a file name are kept, listed by their names after a restart, and read back', async () => {
  const dir = await tmp();
  const names = ['.'.repeat(200), `${'.'.repeat(199)}!`, 'k'.repeat(300)];
  const s1 = new Store(dir);
  for (const [i, t] of names.entries()) {
    const doc = await s1.open<Doc>('oktopos', t, () => ({ items: {} }));
    doc.data.items['n'] = i;
    await doc.commit();
  }
  await s1.close();
  const s2 = new Store(dir);
  expect(await s2.tenants('oktopos')).toEqual([...names].sort());
  for (const [i, t] of names.entries()) expect((await s2.open<Doc>('oktopos', t, () => ({ items: {} }))).data.items).toEqual({ n: i });
});

test('a tenant whose long name was its whole file name before digests keeps that file', async () => {
  const dir = await tmp();
  const tenant = `${'k'.repeat(150)}${'.'.repeat(25)}`; // escaped: 225 characters, a digest name now
  const earlier = `${'k'.repeat(150)}${'%2E'.repeat(25)}`;
  await mkdir(join(dir, 'kustom'), { recursive: true });
  await writeFile(join(dir, 'kustom', `${earlier}.json`), JSON.stringify({ items: { kept: 1 } }));
  const store = new Store(dir);
  const doc = await store.open<Doc>('kustom', tenant, () => ({ items: {} }));
  expect(doc.data.items).toEqual({ kept: 1 });
  doc.data.items['more'] = 2;
  await doc.commit();
  await store.close();
  expect((await readdir(join(dir, 'kustom'))).filter((f) => f.includes('~'))).toEqual([]);
  expect(await new Store(dir).tenants('kustom')).toEqual([tenant]);
  expect((await new Store(dir).open<Doc>('kustom', tenant, () => ({ items: {} }))).data.items).toEqual({ kept: 1, more: 2 });
});
