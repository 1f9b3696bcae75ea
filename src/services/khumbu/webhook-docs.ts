import type { OpenAPIHono } from '@hono/zod-openapi';
import { json } from '../../http/openapi.js';
import * as S from './schemas.js';

/**
 * The five webhooks Khumbu sends to a provider, as OpenAPI 3.1 `webhooks`: what a receiver gets, and
 * that only a 200 counts as delivered (anything else is retried).
 *
 * @example
 * registerKhumbuWebhooks(api.openAPIRegistry);
 */
const HOOKS = [
  ['orderStatus', 'Order Status: the POS\'s answer to a create, fire, cancel, or a cancel made at the restaurant. `error` only on FAILED / CANCEL_FAILED.', S.OrderStatusWebhook],
  ['storeStatus', 'Store Status: a store opened (ACT) or closed (INA).', S.StoreStatusWebhook],
  ['menuUpdate', 'Menu Update: the full menu of a store.', S.MenuUpdateWebhook],
  ['menuItemUpdate', 'Menu Item Update: items, variations or options in or out of stock.', S.MenuItemUpdateWebhook],
  ['menuHoursUpdate', 'Menu Hours Update: a menu\'s opening hours.', S.MenuHoursUpdateWebhook],
] as const;

export function registerKhumbuWebhooks(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const [name, description, schema] of HOOKS) {
    registry.registerWebhook({
      method: 'post', path: name, operationId: `${name}Webhook`, tags: ['Webhooks'], summary: description.split(':')[0] ?? name, description,
      request: { body: { ...json(schema), required: true } },
      responses: {
        200: { description: 'Delivered. Any other answer (or none within 10 s) is retried: at once, 10 s, 1 min, 5 min, 15 min, 1 h, then every 4 h for 48 h of sandbox time.' },
      },
    });
  }
}
