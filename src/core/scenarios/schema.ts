import { z } from 'zod';

/**
 * The scenario file format (YAML or JSON): named rules that make chosen calls fail, stall or break on
 * the wire, steer an asynchronous outcome, or disturb outbound webhooks, on purpose and reproducibly.
 *
 * @example
 * name: kustom-capture-outage
 * description: Captures fail twice with 503, then work.
 * rules:
 *   - match: { service: kustom, operation: captureOrder }
 *     times: 2
 *     respond: { status: 503, error: TEMPORARILY_UNAVAILABLE }
 */
const isRegex = (s: string) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
};

const ValueMatch = z.union([
  z.string(), z.number(), z.boolean(), z.null(),
  z.object({ regex: z.string().refine(isRegex, 'not a valid regular expression') }).strict(),
]);
export type ValueMatch = z.infer<typeof ValueMatch>;

export const MatchSchema = z.object({
  service: z.string().min(1),
  operation: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional()
    .describe('An operationId from the service\'s OpenAPI document, a list of them, or "*" for every operation.'),
  webhook: z.string().min(1).optional().describe('An outbound webhook kind (e.g. Khumbu orderStatus, Kustom push) instead of an operation.'),
  tenant: z.string().min(1).optional(),
  params: z.record(z.string(), ValueMatch).optional().describe('Path parameters by name.'),
  headers: z.record(z.string(), ValueMatch).optional().describe('Request headers by name (case-insensitive).'),
  body: z.record(z.string(), ValueMatch).optional().describe('JSON body fields (of the request, or of the webhook payload) by dotted path, e.g. "order_lines.0.reference".'),
}).strict().superRefine((m, ctx) => {
  if ((m.operation === undefined) === (m.webhook === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'name exactly one of operation or webhook', path: ['operation'] });
  }
  if (m.webhook !== undefined && (m.params || m.headers)) {
    ctx.addIssue({ code: 'custom', message: 'a webhook match takes tenant and body, not params or headers', path: ['webhook'] });
  }
});

export const RespondSchema = z.object({
  status: z.number().int().min(200).max(599),
  error: z.string().min(1).optional().describe('An error code of that service; produces the vendor\'s own envelope.'),
  body: z.unknown().optional().describe('A literal JSON body instead of the vendor envelope.'),
  headers: z.record(z.string(), z.string()).optional(),
}).strict();

export const DelaySchema = z.object({
  ms: z.number().int().min(0).max(600_000),
  jitter: z.number().int().min(0).max(600_000).optional(),
}).strict();

export const FAULTS = ['connection_reset', 'timeout', 'empty_response', 'malformed_json', 'commit_then_drop'] as const;
export type Fault = (typeof FAULTS)[number];
export const FaultSchema = z.enum(FAULTS).describe(
  'connection_reset: TCP reset, nothing done. timeout: the connection stays open until the client gives up, nothing done. '
  + 'empty_response: the connection closes without a byte, nothing done. malformed_json: 200 with a truncated JSON body, nothing done. '
  + 'commit_then_drop: the operation is done, then the connection drops before the answer.',
);

export const RateLimitSchema = z.object({
  limit: z.number().int().min(1).max(1_000_000).describe('Requests allowed per window and tenant; the ones over it get 429.'),
  window_seconds: z.number().int().min(1).max(3600).default(1),
  error: z.string().min(1).optional().describe('The error code of the 429 (default: the service\'s own).'),
}).strict();

export const KhumbuWebhookOutcome = z.object({
  orderStatus: z.enum(['SUCCESS', 'FAILED', 'CANCELLED', 'CANCEL_FAILED']),
  error: z.string().min(1).optional().describe('The KS code the Order Status webhook carries (FAILED and CANCEL_FAILED).'),
  reason: z.string().min(1).optional().describe('The error reason (default: the code\'s catalogue message).'),
}).strict();

export const FraudOutcome = z.object({
  resolve_to: z.enum(['ACCEPTED', 'REJECTED']),
  after_minutes: z.number().int().min(0).max(60 * 24 * 28).default(30),
}).strict();

export const KitchenOutcome = z.object({
  stall: z.literal(true).optional().describe('The kitchen never moves this order on.'),
  prepMinutes: z.number().min(0).max(24 * 60).optional().describe('This order\'s own preparation time.'),
}).strict().refine((k) => (k.stall === undefined) !== (k.prepMinutes === undefined), 'name exactly one of stall or prepMinutes');

export const DELIVERY_FAULTS = ['delayed', 'duplicated', 'out_of_order', 'dropped'] as const;
export const DeliverySchema = z.object({
  fault: z.enum(DELIVERY_FAULTS).describe(
    'delayed: every attempt comes ms later. duplicated: delivered twice. out_of_order: held until the next delivery of '
    + 'the same tenant has gone (or ms pass). dropped: the first attempts are lost on the way; retries follow the usual schedule.',
  ),
  ms: z.number().int().min(0).max(7 * 86_400_000).optional().describe('delayed: how long (default 60000); out_of_order: the longest hold (default 60000).'),
  attempts: z.number().int().min(1).max(100).optional().describe('dropped: how many attempts are lost (default 1).'),
}).strict();

/** Effects a rule can have; a rule has exactly one. */
export const EFFECTS = ['respond', 'delay', 'fault', 'rate_limit', 'webhook', 'fraud_status', 'kitchen', 'deliver'] as const;
export type EffectName = (typeof EFFECTS)[number];
/** Effects that change an asynchronous domain outcome, applied after the operation succeeded. */
export const OUTCOME_EFFECTS = ['webhook', 'fraud_status', 'kitchen'] as const;
export type OutcomeEffect = (typeof OUTCOME_EFFECTS)[number];

export const RuleSchema = z.object({
  match: MatchSchema,
  times: z.number().int().min(1).optional().describe('Fire at most this many times, then the rule is spent.'),
  after: z.number().int().min(0).optional().describe('Let the first N matching requests through.'),
  probability: z.number().gt(0).max(1).optional().describe('Fire with this probability (seeded by --seed: reproducible).'),
  respond: RespondSchema.optional(),
  delay: DelaySchema.optional(),
  fault: FaultSchema.optional(),
  rate_limit: RateLimitSchema.optional(),
  webhook: KhumbuWebhookOutcome.optional().describe('Khumbu: what the simulated POS answers for this order (sent as the Order Status webhook).'),
  fraud_status: FraudOutcome.optional().describe('Kustom: the order completes with fraud_status PENDING, resolved after the minutes.'),
  kitchen: KitchenOutcome.optional().describe('OktoPOS: the kitchen stalls on this order, or takes its own preparation time.'),
  deliver: DeliverySchema.optional().describe('Outbound webhooks (match.webhook): delay, duplicate, reorder or drop deliveries.'),
}).strict().superRefine((rule, ctx) => {
  const effects = EFFECTS.filter((k) => rule[k] !== undefined);
  if (effects.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `a rule needs exactly one effect (${EFFECTS.join(', ')}); it has ${effects.length ? effects.join(' and ') : 'none'}` });
  }
  const isWebhook = rule.match.webhook !== undefined;
  if (isWebhook !== (rule.deliver !== undefined) && effects.length === 1) {
    ctx.addIssue({ code: 'custom', message: isWebhook ? 'a rule matching a webhook needs the deliver effect' : 'the deliver effect needs match.webhook', path: [isWebhook ? 'match' : 'deliver'] });
  }
});

export const ScenarioSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'use letters, digits, dot, dash or underscore'),
  description: z.string().optional(),
  armed: z.boolean().default(true),
  tenant: z.string().min(1).optional().describe('Scope every rule to this tenant.'),
  rules: z.array(RuleSchema).min(1, 'a scenario needs at least one rule'),
}).strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type Respond = z.infer<typeof RespondSchema>;
export type RateLimit = z.infer<typeof RateLimitSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
