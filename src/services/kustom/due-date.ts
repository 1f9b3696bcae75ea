import { fail, ok, type Result } from '../../core/result.js';
import { badValue, failure, type KustomFailure } from './failures.js';
import { iso, type Capture, type Order } from './model.js';

/**
 * Extending a capture's payment due date (Order Management `extendDueDate`, `getOptionsForExtendDueDate`),
 * as pure rules. Klarna invoices each capture separately and lets the merchant buy the shopper more time
 * on a pay-later invoice for a fee; Klarna publishes neither the offered periods nor the fees, so the
 * sandbox's are fixed and documented (README, "Fidelity and limitations"):
 *
 * - offered for captures of pay-later orders (INVOICE, INVOICE_BUSINESS, B2B_INVOICE) with money still
 *   owed on them (captured − refunded > 0), once per capture: 7, 14 or 30 days;
 * - the fee is 0.1 % of what is still owed per day, in minor units, rounded;
 * - otherwise the options are an empty list (the GET has no 403), and an extension is 403 NOT_ALLOWED
 *   saying why.
 *
 * Klarna's Capture has no due-date field, so an extension shows only in the order's timeline and in
 * the options (none are offered again).
 *
 * @example
 * extendDueDateOptions(order, captureId); // { currency: 'SEK', options: [{ number_of_days: 7, amount: 70 }, …] }
 */
export const EXTENSION_DAYS = [7, 14, 30] as const;
const PAY_LATER = new Set(['INVOICE', 'INVOICE_BUSINESS', 'B2B_INVOICE']);

export interface DueDateOption {
  number_of_days: number;
  amount: number;
}

/** Why a capture cannot be extended, or null when it can. */
function refusal(order: Order, capture: Capture): string | null {
  if (!PAY_LATER.has(order.initial_payment_method.type)) return `Extension of due date is not possible: the order was paid with ${order.initial_payment_method.type}, not a pay-later invoice.`;
  if (order.sandbox.due_date_extensions?.[capture.capture_id]) return `Due date has already been extended for capture ${capture.capture_id}.`;
  if (owed(capture) <= 0) return `Capture ${capture.capture_id} is fully refunded. Due date cannot be extended.`;
  return null;
}

const owed = (capture: Capture) => capture.captured_amount - capture.refunded_amount;

export function extendDueDateOptions(order: Order, capture: Capture): { currency: string; options: DueDateOption[] } {
  const options = refusal(order, capture) === null
    ? EXTENSION_DAYS.map((days) => ({ number_of_days: days, amount: Math.round((owed(capture) * days) / 1000) }))
    : [];
  return { currency: order.purchase_currency, options };
}

/** The order with the capture's due date extended by `days` (one of the offered options). */
export function extendDueDate(order: Order, capture: Capture, days: number, now: number): Result<Order, KustomFailure> {
  if (!Number.isInteger(days) || days < 1) return fail(badValue('number_of_days'));
  const why = refusal(order, capture);
  if (why) return fail(failure(403, 'NOT_ALLOWED', why));
  const option = extendDueDateOptions(order, capture).options.find((o) => o.number_of_days === days);
  if (!option) return fail(failure(403, 'NOT_ALLOWED', `Extension of ${days} days is not available for capture ${capture.capture_id}: choose one of ${EXTENSION_DAYS.join(', ')} (GET …/extend-due-date-options).`));
  const at = iso(now);
  return ok({
    ...order,
    sandbox: {
      ...order.sandbox,
      due_date_extensions: { ...order.sandbox.due_date_extensions, [capture.capture_id]: { number_of_days: days, fee: option.amount, at } },
      history: [...order.sandbox.history, { at, event: 'due_date_extended', status: order.status, amount: option.amount }],
    },
  });
}
