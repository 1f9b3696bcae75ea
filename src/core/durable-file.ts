import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Makes a directory's entries durable (a file created, renamed or removed in it), as fsync on the
 * directory does. Without it a power loss can take back a rename or a new file even though the file's
 * own data was flushed. Platforms that cannot open a directory for it (Windows) are left as they are.
 *
 * @example
 * await rename(tmp, file); await syncDirectory(dirname(file));
 */
export async function syncDirectory(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await fh.sync();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL' && (e as NodeJS.ErrnoException).code !== 'EISDIR') throw e;
  } finally {
    await fh.close();
  }
}

/**
 * Replaces a file with `text` so that neither a crash nor a power loss leaves it torn or old once this
 * resolves: a temp file beside it, flushed, renamed over it, and the directory flushed.
 *
 * @example
 * await writeFileDurably('/data/kustom/m.json', text);
 * await writeFileDurably('/data/tls/ca-key.pem', pem, { mode: 0o600 }); // a new file's permissions
 */
export async function writeFileDurably(file: string, text: string, opts: { mode?: number } = {}): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.tmp`);
  const fh = await open(tmp, 'w', opts.mode);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  await syncDirectory(dirname(file));
}
