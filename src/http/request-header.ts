import type { Context } from 'hono';

/** Node's request, as @hono/node-server puts it in the environment (`c.env.incoming`). */
interface Incoming {
  rawHeaders?: unknown;
}

const isHttpWhitespace = (code: number) => code === 9 || code === 10 || code === 13 || code === 32;

/**
 * A request header's value, the same as `c.req.header(name)` gives (several lines of it joined by
 * ", ", surrounding whitespace dropped), for a name in lower case other than `cookie`. Under @hono/node-server it is read
 * from Node's raw header list: reading one header through the `Request`'s `Headers` made Node build
 * its object of every header and @hono/node-server copy the raw list, about 0.4 µs of a GET's
 * 10 (bench/RESULTS.md). Elsewhere (in-process requests) it is `c.req.header(name)`.
 *
 * @example
 * requestHeader(c, 'authorization'); // 'Basic kco_test_api_demo'
 */
export function requestHeader(c: Context, lowerName: string): string | undefined {
  const raw = ((c.env as { incoming?: Incoming } | undefined)?.incoming)?.rawHeaders;
  if (!Array.isArray(raw) || lowerName === 'cookie') return c.req.header(lowerName); // cookies join with "; "

  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length !== lowerName.length || name.toLowerCase() !== lowerName) continue;
    const v = trim(raw[i + 1] as string);
    value = value === undefined ? v : `${value}, ${v}`;
  }
  return value;
}

function trim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
