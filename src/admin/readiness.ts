import type { Delivery } from '../core/delivery.js';
import type { JournalEntry } from '../core/journal.js';
import { assemble, coverageArea, type CoverageArea, type ReadinessReport } from '../core/readiness/report.js';
import type { ScenarioEngine } from '../core/scenarios/engine.js';
import { EFFECTS, FAULTS, type Rule } from '../core/scenarios/schema.js';
import type { ServiceModule } from '../http/service-module.js';

/**
 * Builds a tenant's go-live readiness report: the coverage every API shares (operations, answers, error
 * codes, webhooks, faults, scenario effects, each against the API's catalogue), then the service's own
 * lifecycle coverage and checks (`ServiceModule.readiness`).
 *
 * @example
 * const report = await readinessReport({ svc, tenant, entries, deliveries, now, scenarios, journalCapacity: 1000 });
 */
export interface ReportSources {
  svc: ServiceModule;
  tenant: string;
  /** The service knows the tenant (else its records are not read: reading would create it). */
  known: boolean;
  /** The tenant's journal entries and webhook deliveries, any order. */
  entries: JournalEntry[];
  deliveries: Delivery[];
  /** The tenant's sandbox time, epoch ms. */
  now: number;
  scenarios: Pick<ScenarioEngine, 'get'>;
  journalCapacity: number;
}

/** Each service's operations and their documented answers, from its OpenAPI document (built once). */
const catalogues = new WeakMap<ServiceModule, { operations: string[]; answers: string[] }>();

function catalogueOf(svc: ServiceModule): { operations: string[]; answers: string[] } {
  let known = catalogues.get(svc);
  if (!known) {
    const doc = svc.api.getOpenAPI31Document({ openapi: '3.1.0', info: svc.info }) as { paths?: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>> };
    const operations: string[] = [];
    const answers: string[] = [];
    for (const item of Object.values(doc.paths ?? {})) {
      for (const op of Object.values(item)) {
        if (!op?.operationId || operations.includes(op.operationId)) continue;
        operations.push(op.operationId);
        for (const status of Object.keys(op.responses ?? {})) if (/^\d{3}$/.test(status)) answers.push(`${op.operationId} ${status}`);
      }
    }
    known = { operations, answers };
    catalogues.set(svc, known);
  }
  return known;
}

const byTime = <T>(at: (t: T) => string) => (a: T, b: T) => at(a).localeCompare(at(b));

export async function readinessReport(src: ReportSources): Promise<ReadinessReport> {
  const { svc, tenant, scenarios } = src;
  const entries = [...src.entries].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.id - b.id);
  const deliveries = [...src.deliveries].sort(byTime((d) => d.createdAt));
  const { operations, answers } = catalogueOf(svc);

  const ruleOf = (label: string): Rule | undefined => {
    const [name, n] = label.split('#');
    return scenarios.get(name ?? '')?.scenario.rules[Number(n) - 1];
  };
  const effects = [...entries.map((e) => e.scenario), ...deliveries.map((d) => d.scenario)]
    .filter((s): s is string => s !== undefined)
    .flatMap((label) => EFFECTS.filter((k) => ruleOf(label)?.[k] !== undefined));
  const webhookStates = deliveries.flatMap((d) => [
    ...(d.state === 'delivered' || d.attempts.some((a) => a.status !== null && a.status >= 200 && a.status < 300) ? [`${d.kind} delivered`] : []),
    ...(d.state === 'failed' ? [`${d.kind} failed`] : []),
    ...(d.attempts.length > 1 ? [`${d.kind} retried`] : []),
    ...(d.replayOf ? [`${d.kind} replayed`] : []),
  ]);

  const coverage: CoverageArea[] = [
    coverageArea('operations', 'Operations called', operations, entries.map((e) => e.operation)),
    coverageArea('answers', 'Answers seen (operation and status)', answers, entries.filter((e) => e.status > 0).map((e) => `${e.operation} ${e.status}`)),
    coverageArea('error-codes', 'Error codes met', svc.errorCodes, entries.flatMap((e) => (e.errorCode ? [e.errorCode] : []))),
    coverageArea('webhooks', 'Webhooks delivered, failed, retried and replayed', svc.webhookKinds.flatMap((k) => ['delivered', 'failed', 'retried', 'replayed'].map((s) => `${k} ${s}`)), webhookStates),
    coverageArea('network-faults', 'Network faults met', FAULTS, entries.flatMap((e) => (e.fault ? [e.fault] : []))),
    coverageArea('scenario-effects', 'Scenario effects met', EFFECTS, effects),
  ];
  const own = await svc.readiness({ tenant, known: src.known, entries, deliveries, now: src.now });
  return assemble({
    service: svc.name, tenant, generatedAt: new Date(src.now).toISOString(),
    basis: { requests: entries.length, webhooks: deliveries.length, journalCapacity: src.journalCapacity, since: entries[0]?.at ?? null },
    checks: own.checks,
    coverage: [...own.coverage, ...coverage.filter((a) => a.total > 0 || a.seen.length > 0)],
  });
}
