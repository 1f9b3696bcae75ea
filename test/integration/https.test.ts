import { X509Certificate } from 'node:crypto';
import { Agent, request as undiciRequest } from 'undici';
import { expect, test } from 'vitest';
import { DEMO, makeApi } from '../helpers/sandbox.js';

/** HTTPS beside HTTP, in process: the same app, the sandbox CA served at /__admin/tls/ca.pem. */
test('the sandbox serves the same API over HTTPS with a certificate its CA issued; a client trusting the CA gets https Locations and wire-spelt headers', async () => {
  const api = await makeApi();
  const { close } = await api.sb.listen(0);
  const secure = await api.sb.listen(0, '127.0.0.1', { https: true });
  try {
    expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const caRes = await api.admin('GET', '/__admin/tls/ca.pem');
    expect(caRes.status).toBe(200);
    expect(caRes.headers.get('content-type')).toBe('application/x-pem-file');
    const ca = await caRes.text();
    expect(new X509Certificate(ca).ca).toBe(true);
    expect(ca).toBe((await api.sb.ca())?.cert);

    const dispatcher = new Agent({ connect: { ca } });
    try {
      const order = await api.sb.admin.kustom.createOrder(DEMO, { order_amount: 10000 });
      const res = await undiciRequest(`${secure.url}/ordermanagement/v1/orders/${order.order_id}/captures`, {
        method: 'POST', dispatcher, headers: { authorization: `Basic ${DEMO}`, 'content-type': 'application/json' }, body: JSON.stringify({ captured_amount: 4000 }),
      });
      expect(res.statusCode).toBe(201);
      expect(res.headers['location']).toBe(`${secure.url}/ordermanagement/v1/orders/${order.order_id}/captures/${res.headers['capture-id']}`);
      await res.body.text();
      const got = await undiciRequest(`${secure.url}/ordermanagement/v1/orders/${order.order_id}`, { dispatcher, headers: { authorization: `Basic ${DEMO}` } });
      expect(got.statusCode).toBe(200);
      expect(((await got.body.json()) as { captured_amount: number }).captured_amount).toBe(4000);
      // An untrusting client is refused at the handshake.
      await expect(undiciRequest(`${secure.url}/__admin/health`)).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    } finally {
      await dispatcher.close();
    }
  } finally {
    await secure.close();
    await close();
    await api.sb.close();
  }
});

test('the CA certificate needs no admin token; a sandbox given its own certificate has no CA to serve (404 in the admin envelope)', async () => {
  const locked = await makeApi({ adminToken: 't' });
  expect((await locked.admin('GET', '/__admin/tls/ca.pem')).status).toBe(200);
  expect((await locked.admin('GET', '/__admin/journal')).status).toBe(401);
  await locked.sb.close();

  const { createCa, issueServerCertificate } = await import('../../src/core/x509.js');
  const own = issueServerCertificate(createCa('Company CA'), ['localhost']);
  const api = await makeApi({ tls: own });
  const res = await api.admin('GET', '/__admin/tls/ca.pem');
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.stringContaining('--tls-cert') } });
  await api.sb.close();
});
