import type { OpenAPIHono } from '@hono/zod-openapi';
import type { SandboxEnv } from '../../../http/env.js';
import { json } from '../../../http/openapi.js';
import type { OktoFixtures } from '../fixtures.js';
import { oktoRoute } from '../route-kit.js';
import * as S from '../schemas.js';

/**
 * Read-only Article-Api views from the fixtures, so a partner finds valid article ids, distribution
 * channels and tax rates offline (a sandbox decision: the real Article-Api is a sibling API).
 *
 * @example
 * curl -H 'X-API-KEY: okto_demo_key' localhost:4010/v1/articles
 */
const articles = oktoRoute({
  method: 'get', path: '/v1/articles', operationId: 'getArticles', tags: ['articles'], summary: 'The till\'s articles',
  responses: { 200: { description: 'Articles: `externalId` / `uuid` are what an order item names.', ...json(S.Article.array()) } },
});
const channels = oktoRoute({
  method: 'get', path: '/v1/articles/distribution-channels', operationId: 'getDistributionChannels', tags: ['articles'], summary: 'Distribution channels',
  responses: { 200: { description: 'INHOUSE, TAKEAWAY, DELIVERY.', ...json(S.DistributionChannel.array()) } },
});
const taxRates = oktoRoute({
  method: 'get', path: '/v1/articles/tax-rates', operationId: 'getTaxRates', tags: ['articles'], summary: 'Tax rates',
  responses: { 200: { description: '7 % and 19 %.', ...json(S.TaxRate.array()) } },
});

export function registerArticleRoutes(api: OpenAPIHono<SandboxEnv>, fx: OktoFixtures): void {
  api.openapi(articles, (c) => c.json(fx.articles, 200));
  api.openapi(channels, (c) => c.json(fx.distributionChannels, 200));
  api.openapi(taxRates, (c) => c.json(fx.taxRates, 200));
}
