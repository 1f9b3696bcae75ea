import type { KhumbuWebhookOutcome } from '../../core/scenarios/schema.js';
import type { OutcomeHandlers } from '../../http/scenarios.js';
import type { z } from 'zod';
import { format, KS_CATALOGUE } from './failures.js';
import type { OrderError } from './model.js';
import type { KhumbuRepo } from './repo.js';
import { vars } from '../../http/env.js';

/**
 * Khumbu's scenario outcome `webhook {orderStatus, error, reason}`: what the simulated POS answers for
 * the order a createOrder or fireOrder (SUCCESS | FAILED) or a cancelOrder (CANCELLED | CANCEL_FAILED)
 * just accepted — whatever the menu, stock or store would say. The answer arrives as usual: after the
 * store's POS delay, as an Order Status webhook.
 *
 * @example
 * rules: [{ match: { service: khumbu, operation: createOrder }, webhook: { orderStatus: FAILED, error: KS-2003 } }]
 */
type Outcome = z.infer<typeof KhumbuWebhookOutcome>;

const DECIDE_OPS = ['createOrder', 'fireOrder'];
const STATUSES: Record<string, readonly string[]> = { createOrder: ['SUCCESS', 'FAILED'], fireOrder: ['SUCCESS', 'FAILED'], cancelOrder: ['CANCELLED', 'CANCEL_FAILED'] };

export function checkWebhookOutcome(effect: unknown, operations: readonly string[]): string | null {
  const o = effect as Outcome;
  for (const op of operations) {
    const allowed = STATUSES[op] ?? [];
    if (!allowed.includes(o.orderStatus)) return `orderStatus ${o.orderStatus} cannot follow ${op}; use ${allowed.join(' or ')}`;
  }
  const failing = o.orderStatus === 'FAILED' || o.orderStatus === 'CANCEL_FAILED';
  if (failing && o.error === undefined) return `orderStatus ${o.orderStatus} needs an error code (e.g. KS-2003)`;
  if (!failing && (o.error !== undefined || o.reason !== undefined)) return `orderStatus ${o.orderStatus} carries no error`;
  if (o.error !== undefined && !KS_CATALOGUE[o.error]) return `unknown KS code "${o.error}"; use one of ${Object.keys(KS_CATALOGUE).join(', ')}`;
  return null;
}

/** The error an Order Status webhook will carry for this outcome, or null. */
export function outcomeError(o: Outcome, ksOrderId: string): OrderError | null {
  if (!o.error) return null;
  return { code: o.error, reason: o.reason ?? format(KS_CATALOGUE[o.error]?.message ?? o.error, [ksOrderId]) };
}

export function khumbuOutcomes(repo: KhumbuRepo): OutcomeHandlers {
  return {
    webhook: {
      operations: Object.keys(STATUSES),
      check: checkWebhookOutcome,
      async apply(c, answer, effect) {
        const tenant = vars(c).tenant;
        const ksOrderId = (answer as { ksOrderId?: unknown } | undefined)?.ksOrderId;
        if (!tenant || typeof ksOrderId !== 'string') return false;
        const o = effect as Outcome;
        const step = DECIDE_OPS.includes(vars(c).operation ?? '') ? 'decide' : 'cancel';
        return repo.force(tenant, ksOrderId, step, outcomeError(o, ksOrderId));
      },
    },
  };
}
