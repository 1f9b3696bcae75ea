/* global Scalar */
// Order Sandbox docs page: starts Scalar's reference with one configuration per API (each with only its
// own security schemes and demo credentials), and renews the Khumbu demo token when it has expired on the
// sandbox clock (which an admin can move by hours): a request carrying a demo token that is answered 401
// is sent once more with a fresh token, and the fresh one is used from then on. Plain JavaScript, served
// by the sandbox; no network but the sandbox.

const configurations = JSON.parse(document.getElementById('sandbox-docs-configurations').textContent);

for (const config of configurations) {
  const refresh = config['x-sandbox-token-refresh'];
  delete config['x-sandbox-token-refresh'];
  if (refresh) renewExpiredTokens(refresh);
}

/** Wraps fetch: a request to the API's paths with a demo bearer token gets the current one, and a fresh one after a 401. */
function renewExpiredTokens({ tokenUrl, form, paths, token }) {
  const send = window.fetch.bind(window);
  const demo = new Set([token]);
  let current = token;
  let renewing = null;
  const ours = (request) => {
    const url = new URL(request.url, location.href);
    const auth = request.headers.get('authorization') ?? '';
    return url.origin === location.origin && paths.some((p) => url.pathname.startsWith(p)) && auth.startsWith('Bearer ') && demo.has(auth.slice(7));
  };
  const withToken = (request, t) => {
    const headers = new Headers(request.headers);
    headers.set('authorization', `Bearer ${t}`);
    return new Request(request, { headers });
  };
  const renew = () => (renewing ??= send(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  }).then(async (res) => {
    if (!res.ok) throw new Error(`token renewal: ${res.status}`);
    current = (await res.json()).access_token;
    demo.add(current);
    return current;
  }).finally(() => (renewing = null)));

  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!ours(request)) return send(input, init);
    const retry = request.clone();
    const res = await send(withToken(request, current));
    if (res.status !== 401) return res;
    return send(withToken(retry, await renew()));
  };
}

window.sandboxDocs = { configurations, reference: Scalar.createApiReference('#app', configurations) };
