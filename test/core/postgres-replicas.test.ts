import { expect, onTestFinished, test } from 'vitest';
import { PostgresStorage } from '../../src/core/postgres-storage.js';
import { describeOnPostgres } from '../helpers/postgres.js';

/** postgres-replicas.ts: a commit answers only once every other live replica has taken it in. */
await describeOnPostgres('replicas on one database', (pg) => {
  async function storage(url: string) {
    const s = await PostgresStorage.connect(url, { max: 4 });
    onTestFinished(() => s.close());
    return s;
  }

  test('a commit waits until the other replica has taken it in (however slow), and one that left is not waited for', async () => {
    const url = await pg().database();
    const a = await storage(url);
    const b = await storage(url);
    const c = await storage(url);
    const log: string[] = [];
    b.watch(async (service, tenant, version) => {
      await new Promise((r) => setTimeout(r, 300));
      log.push(`b took ${service}/${tenant}@${version}`);
    }, () => undefined);
    c.watch(() => void log.push('c took it'), () => undefined);
    await new Promise((r) => setTimeout(r, 2200)); // one heartbeat: a knows b and c
    expect((await a.replicas.live()).sort()).toEqual([a.replicas.id, b.replicas.id, c.replicas.id].sort());
    const doc = await a.load<{ items: Record<string, number> }>('svc', 't', () => ({ items: {} }));
    const owner = {};
    await doc.begin(owner);
    doc.data.items['x'] = 1;
    const t0 = performance.now();
    await doc.commit();
    doc.end(owner);
    await doc.seen(); // what a writer awaits before it answers
    log.push('a answered');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
    expect(log).toEqual(['c took it', 'b took svc/t@2', 'a answered']);

    await b.replicas.stop(); // b leaves: the next commit does not wait for it
    await new Promise((r) => setTimeout(r, 2200));
    await doc.begin(owner);
    doc.data.items['y'] = 2;
    const t1 = performance.now();
    await doc.commit();
    doc.end(owner);
    await doc.seen();
    expect(performance.now() - t1).toBeLessThan(250);
  }, 20_000);
});
