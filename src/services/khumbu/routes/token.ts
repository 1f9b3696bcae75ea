import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { serviceApi } from '../../../http/service-api.js';
import type { Context } from 'hono';
import { vars, type SandboxEnv } from '../../../http/env.js';
import { json } from '../../../http/openapi.js';
import { operation } from '../../../http/operation.js';
import { clientAllowed, issueToken, SCOPE, type KhumbuAuthConfig } from '../auth.js';
import * as S from '../schemas.js';

/**
 * `POST /oauth2/token`: OAuth2 client credentials, form-encoded, as AWS Cognito answers them. The
 * client may authenticate in the body (`client_id`, `client_secret`) or with HTTP Basic. Errors are
 * `400 {"error": …}`: invalid_request (not a form, no grant_type), unsupported_grant_type,
 * invalid_client (missing, or in strict mode unknown, client or wrong secret), invalid_scope.
 *
 * @example
 * curl -X POST localhost:4010/oauth2/token -d grant_type=client_credentials -d client_id=c -d client_secret=s -d scope=access/all
 */
const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

const tokenRoute = createRoute({
  method: 'post', path: '/oauth2/token', operationId: 'getToken', tags: ['Authentication'],
  summary: 'Get an access token (client credentials, valid 3600 s of sandbox time)',
  request: { body: { content: { 'application/x-www-form-urlencoded': { schema: S.TokenRequest } }, required: true } },
  responses: {
    200: { description: 'A signed JWT; its tenant is the client_id.', headers: { 'Cache-Control': { schema: { type: 'string' } } }, ...json(S.TokenResponse) },
    400: { description: 'invalid_request, invalid_client, unsupported_grant_type or invalid_scope.', ...json(S.TokenError) },
    413: { description: 'Body over 10 MB.', ...json(S.GatewayError) },
    429: { description: 'Too many requests (scenarios can produce it).', ...json(S.GatewayError) },
    500: { description: 'Unexpected error.', ...json(S.KsError) },
    503: { description: 'Service unavailable (scenarios can produce it).', ...json(S.GatewayError) },
  },
});

type TokenError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

function tokenError(c: Context<SandboxEnv>, error: TokenError, hint: string): Response {
  vars(c).errorCode = error;
  return c.json({ error }, 400, { 'X-Sandbox-Hint': hint, 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) } : null;
}

export function tokenRoutes(config: KhumbuAuthConfig): OpenAPIHono<SandboxEnv> {
  const app = serviceApi();
  // Validation is the handler's: Cognito's answers depend on which field is wrong, in its own order.
  app.openAPIRegistry.registerPath(tokenRoute);
  app.on('POST', '/oauth2/token', operation('getToken'), async (c) => {
    if (!FORM.test(c.req.header('content-type') ?? '')) return tokenError(c, 'invalid_request', 'send the body as application/x-www-form-urlencoded');
    const form = new URLSearchParams(await c.req.text());
    const grant = form.get('grant_type');
    if (!grant) return tokenError(c, 'invalid_request', 'grant_type is missing: send grant_type=client_credentials');
    if (grant !== 'client_credentials') return tokenError(c, 'unsupported_grant_type', `grant_type ${grant} is not supported: send client_credentials`);
    let basic: { id: string; secret: string } | null;
    try {
      basic = basicCredentials(c.req.header('authorization'));
    } catch {
      basic = null;
    }
    const id = basic?.id ?? form.get('client_id') ?? '';
    const secret = basic?.secret ?? form.get('client_secret') ?? '';
    if (!clientAllowed(config, id, secret)) {
      return tokenError(c, 'invalid_client', !id || !secret ? 'send client_id and client_secret (in the body or as HTTP Basic)' : 'unknown client or wrong secret (the sandbox runs --strict: use a client from fixtures/khumbu.json)');
    }
    const scopes = (form.get('scope') ?? SCOPE).split(' ').filter(Boolean);
    if (scopes.some((s) => s !== SCOPE)) return tokenError(c, 'invalid_scope', `the only scope is ${SCOPE}`);
    vars(c).tenant = id;
    return c.json(issueToken(config, id, config.clock.now('khumbu', id)), 200, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  });
  return app;
}
