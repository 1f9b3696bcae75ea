import type { KitchenOutcome } from '../../core/scenarios/schema.js';
import type { OutcomeHandlers } from '../../http/scenarios.js';
import type { z } from 'zod';
import { retimeKitchen, stallKitchen } from './kitchen.js';
import type { OktoRepo } from './repo.js';
import { vars } from '../../http/env.js';

/**
 * OktoPOS's scenario outcome `kitchen {stall | prepMinutes}` for the order a createOrder just made: the
 * kitchen never moves it on (it never shows in `GET /v1/order/ready`), or it takes its own preparation
 * time instead of the till's. An order created with a status the kitchen does not drive is left alone.
 *
 * @example
 * rules: [{ match: { service: oktopos, operation: createOrder }, kitchen: { stall: true } }]
 */
type Outcome = z.infer<typeof KitchenOutcome>;

export function oktoOutcomes(repo: OktoRepo): OutcomeHandlers {
  return {
    kitchen: {
      operations: ['createOrder'],
      async apply(c, answer, effect) {
        const tenant = vars(c).tenant;
        const internalId = (answer as { internalId?: unknown } | undefined)?.internalId;
        if (!tenant || typeof internalId !== 'number') return false;
        const o = effect as Outcome;
        let steered = false;
        await repo.mutate(tenant, internalId, (order, now) => {
          steered = order.kitchen !== null;
          return o.stall ? stallKitchen(order, now) : retimeKitchen(order, Math.round((o.prepMinutes ?? 0) * 60_000));
        });
        return steered;
      },
    },
  };
}
