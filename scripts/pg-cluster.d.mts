/** Types of scripts/pg-cluster.mjs (shared by the tests and the bench). */
export interface Cluster {
  /** The server, as a URL to its `postgres` database. */
  url: string;
  /** Creates a fresh database and gives its URL. */
  database(): Promise<string>;
  /** Stops the server (immediately) and removes its directory. */
  stop(): Promise<void>;
}
export function postgresBinaries(): Promise<string | null>;
export function startCluster(opts?: { durable?: boolean }): Promise<Cluster>;
export function createDatabase(serverUrl: string): Promise<string>;
