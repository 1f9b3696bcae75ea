import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'yaml';
import { ScenarioSchema, type Scenario } from './schema.js';

/**
 * Reads scenario files (YAML or JSON; a directory means every *.yaml, *.yml and *.json in it) and
 * checks them against the schema and against what the services offer. Every problem names the file,
 * the rule and the field.
 *
 * @example
 * const scenarios = loadScenarioFiles(['scenarios/'], catalogue);
 */
export class ScenarioError extends Error {}

/** What each service offers a scenario: its operationIds and its error codes. */
export type ScenarioCatalogue = Record<string, { operations: readonly string[]; errors: readonly string[] }>;

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

function where(path: readonly PropertyKey[]): string {
  const [first, index, ...rest] = path;
  if (first === 'rules' && typeof index === 'number') return `rule ${index + 1}${rest.length ? ` (${rest.join('.')})` : ''}`;
  return path.length ? path.join('.') : 'file';
}

/** Validates one parsed scenario; `source` names it in messages. */
export function checkScenario(raw: unknown, source: string, catalogue: ScenarioCatalogue): Scenario {
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${where(i.path)}: ${i.message}`);
    throw new ScenarioError(`${source}: ${problems.join('; ')}`);
  }
  const problems: string[] = [];
  parsed.data.rules.forEach((rule, i) => {
    const svc = catalogue[rule.match.service];
    if (!svc) {
      problems.push(`rule ${i + 1} (match.service): unknown service "${rule.match.service}"; use one of ${Object.keys(catalogue).join(', ')}`);
      return;
    }
    if (!svc.operations.includes(rule.match.operation)) {
      problems.push(`rule ${i + 1} (match.operation): ${rule.match.service} has no operation "${rule.match.operation}"; use an operationId such as ${svc.operations.slice(0, 6).join(', ')}`);
    }
    const code = rule.respond?.error;
    if (code !== undefined && !svc.errors.includes(code)) {
      problems.push(`rule ${i + 1} (respond.error): ${rule.match.service} has no error code "${code}"; use one of ${svc.errors.join(', ')}`);
    }
  });
  if (problems.length) throw new ScenarioError(`${source}: ${problems.join('; ')}`);
  return parsed.data;
}

export function loadScenarioFiles(paths: readonly string[], catalogue: ScenarioCatalogue): { scenario: Scenario; source: string }[] {
  const out: { scenario: Scenario; source: string }[] = [];
  const names = new Map<string, string>();
  for (const file of paths.flatMap(scenarioFiles)) {
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
  }
  return out;
}
