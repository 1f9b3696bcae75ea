import { z } from 'zod';

/**
 * The scenario file format (YAML or JSON): named rules that make chosen calls fail or stall on purpose.
 *
 * @example
 * name: kustom-capture-outage
 * description: Captures fail twice with 503, then work.
 * rules:
 *   - match: { service: kustom, operation: captureOrder }
 *     times: 2
 *     respond: { status: 503, error: TEMPORARILY_UNAVAILABLE }
 */
const ValueMatch = z.union([
  z.string(), z.number(), z.boolean(), z.null(),
  z.object({ regex: z.string().refine((s) => { try { new RegExp(s); return true; } catch { return false; } }, 'not a valid regular expression') }).strict(),
]);
export type ValueMatch = z.infer<typeof ValueMatch>;

export const MatchSchema = z.object({
  service: z.string().min(1),
  operation: z.string().min(1).describe('The operationId from the service\'s OpenAPI document.'),
  tenant: z.string().min(1).optional(),
  params: z.record(z.string(), ValueMatch).optional().describe('Path parameters by name.'),
  headers: z.record(z.string(), ValueMatch).optional().describe('Request headers by name (case-insensitive).'),
  body: z.record(z.string(), ValueMatch).optional().describe('JSON body fields by dotted path, e.g. "order_lines.0.reference".'),
}).strict();

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

export const RuleSchema = z.object({
  match: MatchSchema,
  times: z.number().int().min(1).optional().describe('Fire at most this many times, then the rule is spent.'),
  after: z.number().int().min(0).optional().describe('Let the first N matching requests through.'),
  probability: z.number().gt(0).max(1).optional().describe('Fire with this probability (seeded by --seed: reproducible).'),
  respond: RespondSchema.optional(),
  delay: DelaySchema.optional(),
}).strict().superRefine((rule, ctx) => {
  const effects = ['respond', 'delay'].filter((k) => rule[k as 'respond' | 'delay'] !== undefined);
  if (effects.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `a rule needs exactly one effect (respond or delay); it has ${effects.length ? effects.join(' and ') : 'none'}` });
  }
});

export const ScenarioSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'use letters, digits, dot, dash or underscore'),
  description: z.string().optional(),
  armed: z.boolean().default(true),
  rules: z.array(RuleSchema).min(1, 'a scenario needs at least one rule'),
}).strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type Respond = z.infer<typeof RespondSchema>;
