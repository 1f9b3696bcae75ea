import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { json } from '../../http/openapi.js';

/**
 * Kustom's two outbound calls as OpenAPI 3.1 `webhooks`: the checkout push and the fraud-decision
 * notification. Both go to the merchant's URL (or the tenant's registered receiver), with
 * `{checkout.order.id}` replaced by the order id.
 *
 * @example
 * registerKustomWebhooks(api.openAPIRegistry);
 */
export const NotificationWebhook = z.object({
  order_id: z.string().openapi({ example: '0b1d8e3c-3f27-4f7e-9d5e-6b4a1f0c2a11' }),
  event_type: z.enum(['FRAUD_RISK_ACCEPTED', 'FRAUD_RISK_REJECTED']),
}).openapi('KustomNotification');

export function registerKustomWebhooks(registry: OpenAPIHono['openAPIRegistry']): void {
  registry.registerWebhook({
    method: 'post', path: 'push', operationId: 'checkoutPushWebhook', tags: ['Webhooks'], summary: 'Checkout push',
    description: 'An empty POST to `merchant_urls.push` about 2 minutes after the purchase, then at 5, 15, 30 and 60 minutes and every 4 hours for 48 hours of sandbox time, until the merchant acknowledges the order (POST /ordermanagement/v1/orders/{order_id}/acknowledge). Fetch the order when it arrives.',
    responses: { 200: { description: 'Any 2xx is accepted; the push still repeats until the order is acknowledged.' } },
  });
  registry.registerWebhook({
    method: 'post', path: 'notification', operationId: 'fraudNotificationWebhook', tags: ['Webhooks'], summary: 'Fraud decision notification',
    description: 'Sent to `merchant_urls.notification` when a PENDING fraud review is decided (magic e-mails `+pend-accept-NN` / `+pend-reject-NN`, or a scenario\'s `fraud_status`). Retried until a 2xx.',
    request: { body: { ...json(NotificationWebhook), required: true } },
    responses: { 200: { description: 'Delivered (any 2xx). Otherwise retried: at once, 10 s, 1 min, 5 min, 15 min, 1 h, then every 4 h for 48 h of sandbox time.' } },
  });
}
