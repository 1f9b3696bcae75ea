import { z } from '@hono/zod-openapi';

/**
 * The readiness report as the admin API documents it (`GET /__admin/report`); the type is
 * core/readiness/report.ts's `ReadinessReport`.
 *
 * @example
 * json(ReadinessReportSchema) // the 200 answer of adminReport
 */
const Verdict = z.enum(['pass', 'fail', 'not exercised']);
const Tally = z.object({ pass: z.number().int(), fail: z.number().int(), notExercised: z.number().int() });

const Evidence = z.object({
  journalId: z.number().int().optional().openapi({ description: 'The journal entry (GET /__admin/journal).' }),
  correlationId: z.string().optional().openapi({ description: 'The request\'s correlation id (Klarna-Correlation-Id, x-amzn-RequestId), where the API has one.' }),
  webhookId: z.string().optional().openapi({ description: 'The webhook delivery (GET /__admin/webhooks).' }),
  subject: z.string().optional().openapi({ description: 'The order it is about.' }),
  at: z.string().openapi({ description: 'Sandbox time.' }),
  note: z.string(),
}).openapi('ReadinessEvidence');

const Check = z.object({
  id: z.string().openapi({ example: 'kustom.idempotency-key' }),
  title: z.string(),
  level: z.enum(['must', 'advice']).openapi({ description: 'must: needed for go-live; advice: good practice.' }),
  verdict: Verdict,
  detail: z.string(),
  advice: z.string().openapi({ description: 'What to do instead.' }),
  evidence: z.array(Evidence),
}).openapi('ReadinessCheck');

const Coverage = z.object({
  area: z.string().openapi({ example: 'operations' }),
  title: z.string(),
  total: z.number().int(),
  exercised: z.number().int(),
  never: z.array(z.string()).openapi({ description: 'What the integration never exercised, in catalogue order.' }),
  seen: z.array(z.object({ item: z.string(), count: z.number().int() })),
}).openapi('ReadinessCoverage');

export const ReadinessReportSchema = z.object({
  service: z.string(),
  tenant: z.string(),
  generatedAt: z.string().openapi({ description: 'Sandbox time of the tenant.' }),
  ready: z.boolean().openapi({ description: 'No must-have check failed.' }),
  summary: z.object({ must: Tally, advice: Tally }),
  basis: z.object({
    requests: z.number().int(), webhooks: z.number().int(),
    journalCapacity: z.number().int().openapi({ description: 'The journal keeps this many newest requests (of every tenant): older ones are not judged.' }),
    since: z.string().nullable().openapi({ description: 'Sandbox time of the oldest request judged.' }),
  }),
  checks: z.array(Check).openapi({ description: 'Must-haves first, failures first.' }),
  coverage: z.array(Coverage),
}).openapi('ReadinessReport');
