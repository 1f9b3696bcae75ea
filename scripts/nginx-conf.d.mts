/** Types of scripts/nginx-conf.mjs. */
export function nginxConf(hosts: string[], port: number, dir: string): Promise<string>;
