import { spawn } from 'node:child_process';

/**
 * Starts the server as installed (`dist/cli.js`, the package's bundled bin) like a user would; resolves with its URL once the banner
 * is printed.
 *
 * @example
 * const { child, ready } = startCli(['--port', '0', '--data', dir]);
 * const { url } = await ready;
 */
export function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['dist/cli.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const ready = new Promise<{ url: string; out: () => string; err: () => string }>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1] && out.includes('Docs')) resolve({ url: m[1], out: () => out, err: () => err });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { child, ready };
}

