import type { FraudOutcome } from '../../core/scenarios/schema.js';
import type { OutcomeHandlers } from '../../http/scenarios.js';
import type { z } from 'zod';
import type { KustomRepo } from './repo.js';
import { vars } from '../../http/env.js';

/**
 * Kustom's scenario outcome `fraud_status {resolve_to, after_minutes}`: the checkout a createCheckoutOrder
 * or updateCheckoutOrder just answered completes with `fraud_status: PENDING`, which resolves to
 * ACCEPTED or REJECTED after the minutes of sandbox time (with the FRAUD_RISK_* notification), as the
 * playground's `+pend-accept-NN` / `+pend-reject-NN` e-mails do — without the shopper's e-mail having to say so.
 *
 * @example
 * rules: [{ match: { service: kustom, operation: createCheckoutOrder }, fraud_status: { resolve_to: REJECTED, after_minutes: 10 } }]
 */
type Outcome = z.infer<typeof FraudOutcome>;

export function kustomOutcomes(repo: KustomRepo): OutcomeHandlers {
  return {
    fraud_status: {
      operations: ['createCheckoutOrder', 'updateCheckoutOrder'],
      async apply(c, answer, effect) {
        const tenant = vars(c).tenant;
        const orderId = (answer as { order_id?: unknown } | undefined)?.order_id;
        if (!tenant || typeof orderId !== 'string') return false;
        const o = effect as Outcome;
        const done = await repo.mutateCheckout(tenant, orderId, (entry) => ({ entry: { ...entry, meta: { ...entry.meta, fraud: { to: o.resolve_to, minutes: o.after_minutes } } }, result: true }));
        return done?.result ?? false;
      },
    },
  };
}
