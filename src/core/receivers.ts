/**
 * Webhook receivers registered per service and tenant (by admin or fixtures).
 *
 * @example
 * const r = new Receivers(); r.set('khumbu', 'client-1', 'http://127.0.0.1:3000/hooks');
 * r.get('khumbu', 'client-1'); // 'http://127.0.0.1:3000/hooks'
 */
export class Receivers {
  readonly #urls = new Map<string, string>();
  /** Told of every change, to keep it (the state layer); set once the fixtures' receivers are in. */
  onChange: ((service: string, tenant: string, url: string | null) => void) | null = null;

  set(service: string, tenant: string, url: string | null): void {
    const key = `${service}\u0000${tenant}`;
    if (url) this.#urls.set(key, url);
    else this.#urls.delete(key);
    this.onChange?.(service, tenant, url);
  }

  get(service: string, tenant: string): string | undefined {
    return this.#urls.get(`${service}\u0000${tenant}`);
  }

  list(filter: { service?: string | undefined; tenant?: string | undefined } = {}): { service: string; tenant: string; url: string }[] {
    return [...this.#urls]
      .map(([k, url]) => {
        const [service = '', tenant = ''] = k.split('\u0000');
        return { service, tenant, url };
      })
      .filter((r) => (!filter.service || r.service === filter.service) && (!filter.tenant || r.tenant === filter.tenant));
  }
}
