import { createHash } from 'node:crypto';

/**
 * A V8 code cache sealed to the source it was made from. V8 checks a cache against little more than
 * its version, its flags and the source's length: it takes a cache made from another source of the
 * same length (and runs the code it holds), and a damaged cache can crash the process. So the cache
 * is kept with the SHA-256 of its source and of itself, and used only when both match.
 *
 * @example
 * writeFileSync(file, sealCodeCache(source, script.createCachedData()));
 * const cachedData = openCodeCache(source, readFileSync(file)); // undefined unless it is this source's, whole
 */
const DIGEST = 32;

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest();

export function sealCodeCache(source: string, data: Uint8Array): Buffer {
  return Buffer.concat([sha256(source), sha256(data), data]);
}

export function openCodeCache(source: string, sealed: Buffer): Buffer | undefined {
  if (sealed.length <= 2 * DIGEST) return undefined;
  const data = sealed.subarray(2 * DIGEST);
  if (!sha256(source).equals(sealed.subarray(0, DIGEST)) || !sha256(data).equals(sealed.subarray(DIGEST, 2 * DIGEST))) return undefined;
  return data;
}
