import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { OUTCOME_EFFECTS, ScenarioSchema, type OutcomeEffect, type Rule, type Scenario } from './schema.js';

/**
 * Reads scenario files (YAML or JSON; a directory means every *.yaml, *.yml and *.json in it) and
 * checks them against the schema and against what the services offer. Every problem names the file,
 * the rule and the field.
 *
 * @example
 * const scenarios = loadScenarioFiles(['scenarios/'], catalogue);
 */
export class ScenarioError extends Error {}

/** What a service offers one domain-outcome effect: the operations it follows, and a check of its values. */
export interface OutcomeOffer {
  operations: readonly string[];
  /** A problem with this effect on these operations, or null. */
  check?: (effect: unknown, operations: readonly string[]) => string | null;
}

/** What each service offers a scenario: operationIds, error codes, webhook kinds and domain outcomes. */
export type ScenarioCatalogue = Record<string, {
  operations: readonly string[];
  errors: readonly string[];
  webhooks: readonly string[];
  outcomes: Partial<Record<OutcomeEffect, OutcomeOffer>>;
}>;

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export function scenarioFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ScenarioError(`${path}: no such scenario file or directory`);
  }
  if (!st.isDirectory()) return [path];
  return readdirSync(path).filter((f) => EXTENSIONS.has(extname(f).toLowerCase())).sort().map((f) => join(path, f));
}

/** "rule 2 (match.operation): message; …" for schema issues. */
export function describeScenarioIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${where(i.path)}: ${i.message}`).join('; ');
}

function where(path: readonly PropertyKey[]): string {
  const [first, index, ...rest] = path;
  if (first === 'rules' && typeof index === 'number') return `rule ${index + 1}${rest.length ? ` (${rest.join('.')})` : ''}`;
  return path.length ? path.join('.') : 'file';
}

/** Validates one parsed scenario; `source` names it in messages. */
export function checkScenario(raw: unknown, source: string, catalogue: ScenarioCatalogue): Scenario {
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ScenarioError(`${source}: ${describeScenarioIssues(parsed.error.issues)}`);
  }
  const problems = parsed.data.rules.flatMap((rule, i) => ruleProblems(rule, catalogue).map((p) => {
    const cut = p.indexOf(': ');
    return `rule ${i + 1} (${p.slice(0, cut)})${p.slice(cut)}`;
  }));
  if (problems.length) throw new ScenarioError(`${source}: ${problems.join('; ')}`);
  return parsed.data;
}

/** What is wrong with one rule given what the services offer: "field: message" strings. */
export function ruleProblems(rule: Rule, catalogue: ScenarioCatalogue): string[] {
  const { service, operation, webhook } = rule.match;
  const svc = catalogue[service];
  if (!svc) return [`match.service: unknown service "${service}"; use one of ${Object.keys(catalogue).join(', ')}`];
  const problems: string[] = [];
  const ops = operation === undefined ? [] : [operation].flat();
  for (const op of ops) {
    if (op === '*' && !Array.isArray(operation)) continue;
    if (svc.operations.includes(op)) continue;
    const near = closest(op, svc.operations);
    problems.push(`match.operation: ${service} has no operation "${op}"; ${near ? `did you mean "${near}"? ` : ''}use an operationId of /openapi/${service}.json such as ${svc.operations.slice(0, 6).join(', ')}, or "*"`);
  }
  if (webhook !== undefined && !svc.webhooks.includes(webhook)) {
    const near = closest(webhook, svc.webhooks);
    problems.push(`match.webhook: ${service} sends no webhook "${webhook}"; ${near ? `did you mean "${near}"? ` : ''}${svc.webhooks.length ? `use one of ${svc.webhooks.join(', ')}` : 'it sends none'}`);
  }
  for (const [field, code] of [['respond.error', rule.respond?.error], ['rate_limit.error', rule.rate_limit?.error]] as const) {
    if (code === undefined || svc.errors.includes(code)) continue;
    const near = closest(code, svc.errors);
    problems.push(`${field}: ${service} has no error code "${code}"; ${near ? `did you mean "${near}"? ` : ''}use one of ${svc.errors.join(', ')}`);
  }
  for (const effect of OUTCOME_EFFECTS) {
    if (rule[effect] === undefined) continue;
    const offer = svc.outcomes[effect];
    const offering = Object.entries(catalogue).filter(([, s]) => s.outcomes[effect]).map(([n]) => n);
    if (!offer) {
      problems.push(`${effect}: ${service} has no ${effect} outcome; ${offering.join(', ') || 'no service'} has`);
      continue;
    }
    const wrong = ops.filter((op) => !offer.operations.includes(op));
    if (wrong.length) {
      problems.push(`match.operation: the ${effect} outcome follows ${offer.operations.join(', ')}, not ${wrong.join(', ')}`);
      continue;
    }
    const bad = offer.check?.(rule[effect], ops);
    if (bad) problems.push(`${effect}: ${bad}`);
  }
  return problems;
}

/**
 * Reads and checks every file; when any is broken, one ScenarioError lists every broken file (a line
 * each), so a directory is fixed in one go.
 *
 * The YAML parser is loaded only when there are files to read: it is a sixth of the CLI's bundle, and
 * a sandbox started without `--scenario` never compiles it (bench/RESULTS.md, start-up).
 */
export async function loadScenarioFiles(paths: readonly string[], catalogue: ScenarioCatalogue): Promise<{ scenario: Scenario; source: string }[]> {
  const out: { scenario: Scenario; source: string }[] = [];
  const names = new Map<string, string>();
  const problems: string[] = [];
  let files: string[] = [];
  for (const path of paths) {
    try {
      files = files.concat(scenarioFiles(path));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const parse = files.length ? (await import('yaml')).parse : () => undefined;
  for (const file of files) {
    try {
      let raw: unknown;
      try {
        raw = parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new ScenarioError(`${file}: not valid YAML or JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
      }
      const scenario = checkScenario(raw, file, catalogue);
      const clash = names.get(scenario.name);
      if (clash) throw new ScenarioError(`${file}: scenario name "${scenario.name}" is already used by ${clash}`);
      names.set(scenario.name, file);
      out.push({ scenario, source: file });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length) throw new ScenarioError(problems.join('\n'));
  return out;
}

/**
 * The candidate nearest to `word` by edit distance (case-insensitive), when it is near enough to be
 * a typo of it (at most a third of its length, and at least 1 edit); undefined otherwise.
 *
 * @example
 * closest('captureOrders', ['captureOrder', 'getOrder']); // 'captureOrder'
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** Every name to arm (`--arm`) must be a loaded scenario's; the message names the closest one. */
export function checkArmed(arm: readonly string[], loaded: readonly string[]): void {
  const unknown = arm.filter((n) => !loaded.includes(n));
  if (!unknown.length) return;
  const hint = (n: string) => {
    const near = closest(n, loaded);
    return near ? ` (did you mean "${near}"?)` : '';
  };
  throw new ScenarioError(`--arm: no scenario ${unknown.map((n) => `"${n}"${hint(n)}`).join(', ')} is loaded; ${loaded.length ? `loaded: ${loaded.join(', ')}` : 'none is (load files with --scenario)'}`);
}
