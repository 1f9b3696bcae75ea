import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { syncDirectory, writeFileDurably } from '../../src/core/durable-file.js';

test('writeFileDurably replaces a file whole and leaves no temp file; syncDirectory takes a directory, or quietly nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-durable-'));
  const file = join(dir, 't.json');
  await writeFile(file, '{"old":true}');
  await writeFileDurably(file, '{"new":true}\n');
  expect(await readFile(file, 'utf8')).toBe('{"new":true}\n');
  expect(await readdir(dir)).toEqual(['t.json']);
  await expect(syncDirectory(dir)).resolves.toBeUndefined();
  await expect(syncDirectory(join(dir, 'missing'))).resolves.toBeUndefined();
});
