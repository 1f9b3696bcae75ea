import type { Context } from 'hono';
import { signJwt, verifyJwt } from '../../core/jwt.js';
import type { Clock } from '../../core/clock.js';
import type { SandboxEnv } from '../../http/env.js';
import { requestHeader } from '../../http/request-header.js';
import { KhumbuError } from './errors.js';
import { forbidden, unauthorized } from './failures.js';

/**
 * Khumbu's credentials: OAuth2 client credentials for a 1-hour JWT (tenant = `client_id`), and the
 * API Gateway in front of the API, which wants `x-api-key` (403 `{"message":"Forbidden"}`) and a good,
 * unexpired bearer (401 `{"message":"Unauthorized"}`). Expiry follows the tenant's sandbox clock.
 *
 * @example
 * const { access_token } = issueToken(auth, 'client-1', clock.now('khumbu', 'client-1'));
 */
export const TOKEN_TTL_SECONDS = 3600;
export const SCOPE = 'access/all';

export interface KhumbuAuthConfig {
  strict: boolean;
  /** Fixture clients: client_id → client_secret. */
  clients: Map<string, string>;
  /** Fixture API keys (strict mode accepts only these). */
  apiKeys: Set<string>;
  /** Signs the tokens; fixed per seed, so tokens survive a restart. */
  secret: string;
  clock: Clock;
}

export function issueToken(config: KhumbuAuthConfig, clientId: string, now: number) {
  const iat = Math.floor(now / 1000);
  const payload = {
    sub: clientId, client_id: clientId, token_use: 'access', scope: SCOPE, auth_time: iat, iat, exp: iat + TOKEN_TTL_SECONDS,
    iss: 'order-sandbox/khumbu', jti: crypto.randomUUID(), version: 2,
  };
  return { access_token: signJwt(payload, config.secret), expires_in: TOKEN_TTL_SECONDS as 3600, token_type: 'Bearer' as const };
}

/** Whether a client may have a token: any non-empty pair, or in strict mode only the fixtures'. */
export function clientAllowed(config: KhumbuAuthConfig, id: string, secret: string): boolean {
  if (!id || !secret || id.length > 128 || secret.length > 256 || !/^[\x21-\x7e]+$/.test(id)) return false;
  return !config.strict || config.clients.get(id) === secret;
}

/** The API Gateway: x-api-key, then the bearer token. Sets the tenant. */
export function khumbuGateway(config: KhumbuAuthConfig): (c: Context<SandboxEnv>) => string {
  return (c) => {
    const apiKey = requestHeader(c, 'x-api-key');
    if (!apiKey) throw new KhumbuError(forbidden('send your API key in the x-api-key header'));
    if (config.strict && !config.apiKeys.has(apiKey)) throw new KhumbuError(forbidden('unknown x-api-key (the sandbox runs --strict: use a key from fixtures/khumbu.json)'));
    const m = /^Bearer\s+(\S+)\s*$/i.exec(requestHeader(c, 'authorization') ?? '');
    if (!m?.[1]) throw new KhumbuError(unauthorized('send Authorization: Bearer <access_token> from POST /oauth2/token'));
    const claims = verifyJwt(m[1], config.secret);
    const clientId = claims?.['client_id'];
    if (!claims || typeof clientId !== 'string' || typeof claims['exp'] !== 'number') {
      throw new KhumbuError(unauthorized('the bearer token is not one this sandbox issued; get a new one from POST /oauth2/token'));
    }
    if (claims['exp'] * 1000 <= config.clock.now('khumbu', clientId)) {
      throw new KhumbuError(unauthorized(`the bearer token expired at ${new Date(claims['exp'] * 1000).toISOString()} (sandbox time); get a new one from POST /oauth2/token`));
    }
    if (config.strict && !config.clients.has(clientId)) throw new KhumbuError(unauthorized('the token\'s client is not in fixtures/khumbu.json (the sandbox runs --strict)'));
    return clientId;
  };
}
