import { expect, test } from 'vitest';
import { createSandbox } from '../../src/index.js';
import { describeOnPostgres, startCluster } from '../helpers/postgres.js';
import { makeApi, newOrder, order } from '../helpers/sandbox.js';

/** `--data postgres://…` in process: health and the admin view name the database (never its password); a database that goes away makes health 503. */
await describeOnPostgres('on PostgreSQL', (pg) => {
  test('health says postgres; the admin view shows the URL without its password; orders are kept there', async () => {
    const url = new URL(await pg().database());
    url.password = 's3cret';
    const api = await makeApi({ data: url.toString() });
    expect(await (await api.admin('GET', '/__admin/health')).json()).toEqual({ status: 'ok', store: 'postgres' });
    const state = await (await api.admin('GET', '/__admin/state')).json();
    expect(state.store).toBe('postgres');
    expect(state.data).not.toContain('s3cret');
    expect(state.data).toContain(':***@');
    const { order_id } = await newOrder(api);
    await api.call('POST', `/ordermanagement/v1/orders/${order_id}/captures`, { body: { captured_amount: 2500 } });
    await api.sb.close();
    const again = await makeApi({ data: url.toString() });
    expect(await order(again, order_id)).toMatchObject({ captured_amount: 2500, status: 'PART_CAPTURED' });
  });

  test('a database that cannot be reached stops the start, naming it without its password', async () => {
    await expect(createSandbox({ data: 'postgres://sb:s3cret@127.0.0.1:1/nowhere', logLevel: 'silent' }))
      .rejects.toThrow(/^database postgres:\/\/sb:\*\*\*@127\.0\.0\.1:1\/nowhere cannot be used: /);
  });

  test('a database that goes away makes health 503, saying which and why', async () => {
    const own = await startCluster();
    const api = await makeApi({ data: await own.database() });
    expect((await api.admin('GET', '/__admin/health')).status).toBe(200);
    await own.stop();
    const sick = await api.admin('GET', '/__admin/health');
    expect(sick.status).toBe(503);
    expect(await sick.json()).toEqual({ status: 'failing', store: 'postgres', problems: [expect.stringMatching(/^database postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+ cannot be written: /)] });
  });
});
