import type { DemoCredential, ServiceDocs } from '../../http/service-module.js';
import { issueToken, type KhumbuAuthConfig } from './auth.js';

/**
 * What `/docs` shows for Khumbu from the fixtures: the demo client's x-api-key, and a bearer token
 * minted for it on the sandbox clock (valid 3600 s), so "Test request" works without a token call first.
 *
 * @example
 * khumbuDocs(auth, { clientId: 'khumbu_demo_client', apiKey: 'khumbu_demo_api_key' }, () => clock.now('khumbu', 'khumbu_demo_client'));
 */
export function khumbuDocs(auth: KhumbuAuthConfig, demo: { clientId: string; apiKey: string } | undefined, now: (clientId: string) => number): ServiceDocs {
  return {
    preferredSchemes: [['bearerAuth', 'apiKey']],
    credentials: (): Record<string, DemoCredential> => (demo ? { apiKey: { value: demo.apiKey }, bearerAuth: { token: issueToken(auth, demo.clientId, now(demo.clientId)).access_token } } : {}),
  };
}
