import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, ErrorHandler } from 'hono';
import type { Clock } from '../core/clock.js';
import type { Ids } from '../core/ids.js';
import type { Journal } from '../core/journal.js';
import type { Outbox } from '../core/outbox.js';
import type { Receivers } from '../core/receivers.js';
import type { ScenarioEngine } from '../core/scenarios/engine.js';
import type { Store } from '../core/store.js';
import type { Idempotency } from './idempotency.js';
import type { DueBook, TenantState } from '../core/state/tenant-state.js';
import type { SandboxEnv } from './env.js';
import type { ChainStep } from './chain.js';
import type { OutcomeHandlers } from './scenarios.js';
import type { OpenApiDoc } from './openapi-examples.js';
import type { ReadinessInput, ServiceReadiness } from '../core/readiness/report.js';

/**
 * What a vendor service gives the sandbox, and what the sandbox gives it. `sandbox.ts` is the only
 * place that lists services: a new vendor is one folder exporting a `ServiceFactory`, plus one line.
 *
 * @example
 * export const createKustom: ServiceFactory = (ctx) => ({ name: 'kustom', api, admin, … });
 */
export interface ServiceContext {
  clock: Clock;
  store: Store;
  journal: Journal;
  outbox: Outbox;
  ids: Ids;
  idempotency: Idempotency;
  /** Each tenant's earliest due moment, kept in the store (state/system-state.ts). */
  dues: DueBook;
  /** Every service's state layer by name (each service's TenantState registers itself). */
  states: Map<string, TenantState<never, never>>;
  /** Failure injection shared by all services of this sandbox. */
  scenarios: ScenarioEngine;
  strict: boolean;
  /** Freeze stored records (under test): an in-place edit throws. */
  freezeRecords: boolean;
  /** Fixed seed for faker-filled data. */
  seed: number;
  /** Directory holding the fixtures (JSON) files. */
  fixturesDir: string;
  /** Webhook receivers registered per tenant. */
  receivers: Receivers;
  log: Logger;
  /** Aborted when the sandbox closes (ends the requests a `timeout` fault holds open). */
  shutdown: AbortSignal;
  /** The commit of the sandbox's own state in flight (scenario counters), if any: see state/system-state.ts. */
  durable: () => Promise<void> | undefined;
  /** Runs a scenario decision with the sandbox's own state taken (replicas: counters shared exactly; see SystemState.decide). */
  decide?: <T>(decide: () => T) => Promise<T>;
  /** Waits `ms` of real time: a scenario's `delay` (tests give one that records instead of waiting). */
  sleep: (ms: number) => Promise<void>;
}

/** Extra keys of a log line. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Levelled one-line logging (see http/logger.ts); `fields` become keys of the line. */
export interface Logger {
  enabled(level: 'debug' | 'info' | 'warn' | 'error'): boolean;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface ServiceModule {
  name: string;
  /** Title and version for the service's OpenAPI document. */
  info: { title: string; version: string; description: string };
  /**
   * The vendor API, mounted at the root of the sandbox (see http/mount-service.ts): each of its routes
   * runs behind the edge of its path. Its middleware goes in the routes, not in `api.use`.
   */
  api: OpenAPIHono<SandboxEnv>;
  /** The service edge (http/service-edge.ts) of each path prefix: its routes and unknown paths below it. */
  edges: { prefix: string; edge: ChainStep }[];
  /** Path prefixes owned by the service: unknown paths below them get the vendor's 404 envelope. */
  prefixes: string[];
  notFound(c: Context<SandboxEnv>): Response | Promise<Response>;
  /**
   * Answers an error thrown while serving one of the service's requests, in its envelope. The sandbox's
   * own error handler calls it (a mounted sub-app with its own `onError` would wrap every one of its
   * routes and middlewares in an extra layer per request).
   */
  onError: ErrorHandler<SandboxEnv>;
  /** Service-specific admin routes, mounted under `/__admin/<name>`. */
  admin?: OpenAPIHono<SandboxEnv>;
  /** In-process admin actions (the same as the admin routes). */
  actions?: Record<string, unknown>;
  /** Replaces a tenant's (or every known tenant's) data with a fresh copy of the seed. */
  reset(tenant?: string): Promise<void>;
  /** Applies what became due on the clock (expiries, timed outcomes); called on every clock tick. */
  tick(): Promise<void>;
  /** Error codes a scenario's `respond.error` may name. */
  errorCodes: string[];
  /** Kinds of outbound webhook (the outbox's `kind`) a scenario's `match.webhook` may name. */
  webhookKinds: string[];
  /** Domain outcomes a scenario may steer (`webhook`, `fraud_status`, `kitchen`). */
  outcomes: OutcomeHandlers;
  /** Known tenants (fixtures, open, on disk). */
  tenants(): Promise<string[]>;
  /** The service's go-live checks and lifecycle coverage for one tenant (core/readiness/report.ts). */
  readiness(input: ReadinessInput): Promise<ServiceReadiness>;
  /** Demo credentials and examples for the docs page. */
  docs?: ServiceDocs;
}

/** A demo credential the docs page fills in for a security scheme of the service's document. */
export type DemoCredential = { username: string; password: string } | { token: string } | { value: string };

/** What the docs page (`/docs`) takes from a service's fixtures. */
export interface ServiceDocs {
  /** Demo credentials by security scheme name, from the fixtures (a Khumbu token is minted fresh). */
  credentials(): Record<string, DemoCredential>;
  /** The security requirement to select on the page: a scheme, or schemes sent together. */
  preferredSchemes: (string | string[])[];
  /** Adds examples from the fixtures (demo order ids, bodies) to the service's generated document. */
  addExamples?(doc: OpenApiDoc): void | Promise<void>;
  /** How the docs page renews the demo bearer token once it has expired on the sandbox clock. */
  tokenRefresh?(): { tokenUrl: string; form: Record<string, string>; paths: string[]; scheme: string } | undefined;
}

export type ServiceFactory = (ctx: ServiceContext) => ServiceModule | Promise<ServiceModule>;
