import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes a scenario file into a fresh temporary directory and returns its path.
 *
 * @example
 * const path = await scenarioFile('slow.yaml', 'name: slow\nrules: …');
 */
export async function scenarioFile(name: string, body: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scn-'));
  await writeFile(join(dir, name), body);
  return join(dir, name);
}
