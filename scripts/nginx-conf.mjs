// deploy/nginx.conf as shipped, pointed at replicas on this machine: for the replicas' end-to-end test
// and the bench, so both run the very file the compose deployment uses.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * deploy/nginx.conf with its upstream servers replaced by `hosts` (host:port, one per replica, at most
 * as many as the file lists), listening on 127.0.0.1:`port`, running in the foreground with its files in `dir`.
 * @param {string[]} hosts @param {number} port @param {string} dir @returns {Promise<string>}
 */
export async function nginxConf(hosts, port, dir) {
  let conf = await readFile(new URL('../deploy/nginx.conf', import.meta.url), 'utf8');
  const listed = [...conf.matchAll(/^\s*server replica(\d+):4010[^\n]*\n/gm)];
  if (hosts.length > listed.length) throw new Error(`deploy/nginx.conf lists ${listed.length} replicas, not ${hosts.length}`);
  listed.forEach((m, i) => {
    conf = conf.replace(m[0], i < hosts.length ? m[0].replace(`replica${m[1]}:4010`, hosts[i]) : '');
  });
  conf = conf.replace('listen 8080;', `listen 127.0.0.1:${port};`);
  conf = conf.replace('worker_processes 1;', `worker_processes 1;\npid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')};\ndaemon off;`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${join(dir, k)};`).join('\n');
  return conf.replace('http {', `http {\n${temp}`);
}
