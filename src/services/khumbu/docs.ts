import type { DemoCredential, ServiceDocs } from '../../http/service-module.js';
import { issueToken, type KhumbuAuthConfig } from './auth.js';

/**
 * What `/docs` shows for Khumbu from the fixtures: the demo client's x-api-key, and a bearer token
 * minted for it on the sandbox clock (valid 3600 s), so "Test request" works without a token call first;
 * the page renews it with the demo client once the sandbox clock has outlived it (ui/public/docs.js).
 *
 * @example
 * khumbuDocs(auth, { clientId: 'khumbu_demo_client', apiKey: 'khumbu_demo_api_key' }, () => clock.now('khumbu', 'khumbu_demo_client'));
 */
export function khumbuDocs(auth: KhumbuAuthConfig, demo: { clientId: string; clientSecret: string; apiKey: string } | undefined, now: (clientId: string) => number): ServiceDocs {
  return {
    preferredSchemes: [['bearerAuth', 'apiKey']],
    // The token above lives 3600 s of sandbox time; the page renews it with the demo client when the clock outlived it.
    tokenRefresh: () => (demo ? {
      tokenUrl: '/oauth2/token', scheme: 'bearerAuth', paths: ['/uat/v1/', '/v1/providers/'],
      form: { grant_type: 'client_credentials', client_id: demo.clientId, client_secret: demo.clientSecret, scope: 'access/all' },
    } : undefined),
    credentials: (): Record<string, DemoCredential> => (demo ? { apiKey: { value: demo.apiKey }, bearerAuth: { token: issueToken(auth, demo.clientId, now(demo.clientId)).access_token } } : {}),
  };
}
