import { expect, test } from 'vitest';
import { API_KEY, CLIENT, kh, sampleOrder, SECRET, token, tokenRequest } from '../helpers/khumbu.js';
import { makeApi } from '../helpers/sandbox.js';

/** Khumbu's OAuth2 token and the API Gateway in front of the order routes. */
const good = { grant_type: 'client_credentials', client_id: CLIENT, client_secret: SECRET, scope: 'access/all' };

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

test('token: form-encoded client credentials → 200 Bearer JWT valid 3600 s, tenant = client_id', async () => {
  const api = await makeApi({ clock: { now: '2026-03-01T12:00:00.000Z', frozen: true } });
  const res = await tokenRequest(api, good);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = await res.json();
  expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
  expect(body.access_token.split('.')).toHaveLength(3);
  expect(claims(body.access_token)).toMatchObject({ client_id: CLIENT, scope: 'access/all', iat: Date.parse('2026-03-01T12:00:00.000Z') / 1000, exp: Date.parse('2026-03-01T13:00:00.000Z') / 1000 });
  const created = await kh(api, 'orders/notification', { token: body.access_token, body: sampleOrder() });
  expect(created.status).toBe(202);
  expect(api.sb.admin.journal.list({ service: 'khumbu', limit: 1 })[0]?.tenant).toBe(CLIENT);
});

test('token: HTTP Basic client authentication and a missing scope (all scopes) work too', async () => {
  const api = await makeApi();
  const basic = `Basic ${Buffer.from(`${CLIENT}:${SECRET}`).toString('base64')}`;
  const res = await tokenRequest(api, { grant_type: 'client_credentials' }, { authorization: basic });
  expect(res.status).toBe(200);
  expect(claims((await res.json()).access_token)).toMatchObject({ client_id: CLIENT, scope: 'access/all' });
});

test('token errors are Cognito-style 400 {error}', async () => {
  const api = await makeApi();
  const cases: [Record<string, string>, string][] = [
    [{ ...good, grant_type: 'password' }, 'unsupported_grant_type'],
    [{ client_id: CLIENT, client_secret: SECRET }, 'invalid_request'],
    [{ ...good, client_secret: '' }, 'invalid_client'],
    [{ grant_type: 'client_credentials', scope: 'access/all' }, 'invalid_client'],
    [{ ...good, scope: 'access/all admin' }, 'invalid_scope'],
  ];
  for (const [fields, error] of cases) {
    const res = await tokenRequest(api, fields);
    expect(res.status, JSON.stringify(fields)).toBe(400);
    expect(await res.json()).toEqual({ error });
    expect(res.headers.get('x-sandbox-hint')).toBeTruthy();
  }
  const json = await api.send('khumbu', 'POST', '/oauth2/token', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(good) });
  expect(json.status).toBe(400);
  expect(await json.json()).toEqual({ error: 'invalid_request' });
});

test('strict mode: only the fixtures\' clients get a token, with their secret', async () => {
  const api = await makeApi({ strict: true });
  expect((await tokenRequest(api, good)).status).toBe(200);
  const wrong = await tokenRequest(api, { ...good, client_secret: 'guess' });
  expect(wrong.status).toBe(400);
  expect(await wrong.json()).toEqual({ error: 'invalid_client' });
  expect(await (await tokenRequest(api, { ...good, client_id: 'someone-else' })).json()).toEqual({ error: 'invalid_client' });
});

test('gateway: no x-api-key → 403 Forbidden; no, foreign or tampered bearer → 401 Unauthorized', async () => {
  const api = await makeApi();
  const noKey = await kh(api, 'orders/notification', { apiKey: null, body: sampleOrder() });
  expect(noKey.status).toBe(403);
  expect(await noKey.json()).toEqual({ message: 'Forbidden' });
  const noBearer = await kh(api, 'orders/notification', { token: null, body: sampleOrder() });
  expect(noBearer.status).toBe(401);
  expect(await noBearer.json()).toEqual({ message: 'Unauthorized' });
  const jwt = await token(api);
  const [h, p] = jwt.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims(jwt), client_id: 'other' })).toString('base64url')}.${jwt.split('.')[2]}`;
  for (const bad of ['not-a-jwt', forged, `${h}.${p}.`]) {
    const res = await kh(api, 'orders/notification', { token: bad, body: sampleOrder() });
    expect(res.status, bad).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthorized' });
  }
  // A refused request changes nothing: the order id is still free.
  const order = sampleOrder();
  await kh(api, 'orders/notification', { token: 'x', body: order });
  expect((await kh(api, 'orders/notification', { body: order })).status).toBe(202);
});

test('a token expires after 3600 s of the client\'s sandbox time', async () => {
  // Frozen on a whole second: a running clock could pass the token's (whole-second) expiry between the steps under load.
  const api = await makeApi({ clock: { now: '2026-12-01T10:00:00.000Z', frozen: true } });
  const jwt = await token(api);
  await api.sb.admin.clock.advance({ seconds: 3599, service: 'khumbu', tenant: CLIENT });
  expect((await kh(api, 'orders/notification', { token: jwt, body: sampleOrder() })).status).toBe(202);
  await api.sb.admin.clock.advance({ seconds: 1, service: 'khumbu', tenant: CLIENT });
  const expired = await kh(api, 'orders/notification', { token: jwt, body: sampleOrder() });
  expect(expired.status).toBe(401);
  expect(await expired.json()).toEqual({ message: 'Unauthorized' });
  expect(expired.headers.get('x-sandbox-hint')).toMatch(/expired/);
  expect((await kh(api, 'orders/notification', { body: sampleOrder() })).status).toBe(202); // a new token works
});

test('strict mode: an unknown x-api-key is 403; the fixtures\' key passes', async () => {
  const api = await makeApi({ strict: true });
  const res = await kh(api, 'orders/notification', { apiKey: 'made-up', body: sampleOrder() });
  expect(res.status).toBe(403);
  expect(await res.json()).toEqual({ message: 'Forbidden' });
  expect((await kh(api, 'orders/notification', { apiKey: API_KEY, body: sampleOrder() })).status).toBe(202);
});

test('tokens are signed per seed: a token of another seed is refused', async () => {
  const a = await makeApi({ seed: 1 });
  const b = await makeApi({ seed: 2 });
  const fromA = await token(a);
  expect((await kh(b, 'orders/notification', { token: fromA, body: sampleOrder() })).status).toBe(401);
});
