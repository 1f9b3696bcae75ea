/**
 * Khumbu's error catalogue: the KS codes with their published messages and the sandbox's HTTP statuses,
 * plus the API Gateway answers (`{"message": "Forbidden"}`) that come before Khumbu's own code runs.
 *
 * @example
 * ks('KS-0018', 'a1b2') // { kind: 'ks', status: 409, code: 'KS-0018', message: 'Duplicate order request found, ignoring request. Provider order id: a1b2' }
 */
export type KhumbuFailure =
  | { kind: 'ks'; status: KsStatus; code: string; message: string; hint?: string | undefined }
  | { kind: 'gateway'; status: 401 | 403 | 413 | 415 | 429 | 500 | 502 | 503 | 504; message: string; hint?: string | undefined };

export type KsStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 502 | 503 | 504;

/** Code → [HTTP status, message template with %s]. */
export const KS_CATALOGUE: Record<string, { status: KsStatus; message: string }> = {
  'KS-0001': { status: 400, message: 'Request payload must be a valid Json string.' },
  'KS-0002': { status: 400, message: 'Provider name must be between 2 and 100.' },
  'KS-0003': { status: 404, message: 'Invalid Provider name: %s.' },
  'KS-0004': { status: 500, message: 'Internal Server Error.' },
  'KS-0006': { status: 400, message: 'Required %s Field: %s is missing.' },
  'KS-0007': { status: 400, message: 'providerOrderId is Null/Empty' },
  'KS-0008': { status: 403, message: 'Access Denied.' },
  'KS-0009': { status: 404, message: 'partnerOrderId: %s not found during partner order cancel' },
  'KS-0010': { status: 400, message: 'Invalid value provided for the field \'%s\'' },
  'KS-0011': { status: 400, message: 'The \'%s\' field is required and cannot be left blank or missing.' },
  'KS-0012': { status: 404, message: 'Invalid Partner name: %s.' },
  'KS-0013': { status: 404, message: 'Invalid Store Id: %s' },
  'KS-0014': { status: 409, message: 'Partner store with storeId %s is inactive.' },
  'KS-0015': { status: 400, message: 'Store Id is missing in request headers.' },
  'KS-0016': { status: 400, message: 'Invalid fulfillment mode/service mode %s.' },
  'KS-0017': { status: 400, message: 'Invalid payment method %s.' },
  'KS-0018': { status: 409, message: 'Duplicate order request found, ignoring request. Provider order id: %s' },
  'KS-0019': { status: 409, message: 'Store is inactive.' },
  'KS-0020': { status: 404, message: 'Provider order id %s not found for provider cancel order.' },
  'KS-0021': { status: 400, message: 'Invalid currency code %s.' },
  'KS-0022': { status: 400, message: 'Invalid item type %s.' },
  'KS-1001': { status: 404, message: 'Provider store not found.' },
  'KS-1002': { status: 404, message: 'Partner store not found.' },
  'KS-1003': { status: 400, message: 'JSON payload is invalid.' },
  'KS-1004': { status: 400, message: 'Partner order id is null.' },
  'KS-1005': { status: 409, message: 'Order is already canceled.' },
  'KS-1006': { status: 401, message: 'Invalid app client Id' },
  'KS-1007': { status: 400, message: 'Ks order is null.' },
  'KS-1008': { status: 409, message: 'Order is in init status since long. ksOrderId: %s' },
  'KS-2003': { status: 502, message: 'API Call for partner api is failed' },
  'KS-2004': { status: 502, message: 'API Call for provider api is failed' },
  'KS-2010': { status: 500, message: 'Exception occurred while processing request.' },
};

/** Fills the `%s` slots of a template in order; missing arguments leave nothing behind. */
export function format(template: string, args: readonly string[]): string {
  let i = 0;
  return template.replace(/%s/g, () => args[i++] ?? '');
}

/** A KS failure from the catalogue, with its message filled in. */
export function ks(code: keyof typeof KS_CATALOGUE & string, ...args: string[]): KhumbuFailure & { kind: 'ks' } {
  const entry = KS_CATALOGUE[code];
  if (!entry) throw new Error(`Unknown Khumbu error code ${code}`);
  return { kind: 'ks', status: entry.status, code, message: format(entry.message, args) };
}

/** The same failure with another HTTP status (fire of an order not on HOLD is KS-0010 with 409). */
export function withStatus<F extends KhumbuFailure & { kind: 'ks' }>(f: F, status: KsStatus): F {
  return { ...f, status };
}

/** The same failure with a hint for the developer (sent as `X-Sandbox-Hint`, never in the body). */
export function withHint<F extends KhumbuFailure>(f: F, hint: string): F {
  return { ...f, hint };
}

export const forbidden = (hint: string): KhumbuFailure => ({ kind: 'gateway', status: 403, message: 'Forbidden', hint });
export const unauthorized = (hint: string): KhumbuFailure => ({ kind: 'gateway', status: 401, message: 'Unauthorized', hint });
export const tooLarge = (): KhumbuFailure => ({ kind: 'gateway', status: 413, message: 'Request Too Long', hint: 'the body must be at most 10 MB' });
export const unsupportedMediaType = (): KhumbuFailure => ({ kind: 'gateway', status: 415, message: 'Unsupported Media Type', hint: 'send the body with Content-Type: application/json' });
