/**
 * Kustom's business-rule failures: HTTP status, error_code and the exact message. Pure data, used by
 * transitions (which stay free of HTTP) and turned into the error envelope by errors.ts.
 *
 * @example
 * const f = failure(403, 'CAPTURE_NOT_ALLOWED', 'Capture not allowed');
 */
export interface KustomFailure {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503 | 504;
  code: string;
  messages: string[];
}

export function failure(status: KustomFailure['status'], code: string, ...messages: string[]): KustomFailure {
  return { status, code, messages };
}

/** Operation-specific suffix of the 404 NO_SUCH_ORDER message. */
const NOT_FOUND_SUFFIX: Record<string, string> = {
  acknowledgeOrder: 'Acknowledgement not possible.',
  captureOrder: 'Capture not possible.',
  refundOrder: 'Refund not possible.',
  cancelOrder: 'Cancel not possible.',
  updateAuthorization: 'Order authorization cannot be updated.',
  releaseRemainingAuthorization: 'Remaining authorization cannot be released.',
  extendAuthorizationTime: 'Authorization time cannot be extended.',
  updateConsumerDetails: 'Customer details cannot be updated.',
  appendOrderShippingInfo: 'Shipping info cannot be added to order.',
};

export function noSuchOrder(orderId: string, operation: string | undefined): KustomFailure {
  if (operation === 'updateMerchantReferences') {
    return failure(404, 'NO_SUCH_ORDER', 'Order cannot be found. Merchant references cannot be updated.');
  }
  const suffix = operation ? NOT_FOUND_SUFFIX[operation] : undefined;
  return failure(404, 'NO_SUCH_ORDER', suffix ? `Order ${orderId} cannot be found. ${suffix}` : `Order ${orderId} cannot be found`);
}

export function noSuchCapture(orderId: string, captureId: string, operation: string | undefined): KustomFailure {
  if (operation === 'appendShippingInfo') {
    return failure(404, 'NO_SUCH_CAPTURE', `Capture could not be found. Shipping info cannot be added to capture ${captureId}`);
  }
  if (operation === 'triggerSendOut') {
    return failure(404, 'NO_SUCH_CAPTURE', `Capture could not be found. Send out cannot be triggered for capture ${captureId}`);
  }
  return failure(404, 'NO_SUCH_CAPTURE', `Capture ${captureId} cannot be found for order ${orderId}`);
}

export function noSuchRefund(orderId: string, refundId: string): KustomFailure {
  return failure(404, 'NOT_FOUND', `Refund ${refundId} cannot be found for order ${orderId}`);
}

export const badValue = (...paths: string[]): KustomFailure => failure(400, 'BAD_VALUE', ...paths.map((p) => `Bad value: ${p}`));
export const invalidOrderId = (): KustomFailure => failure(400, 'INVALID_ORDER_ID', 'Order ID must be a valid UUID.');
export const unauthorized = (): KustomFailure => failure(401, 'UNAUTHORIZED', 'Authentication failed');
/** A body sent as something other than JSON; the second message says what to send. */
export const unsupportedContentType = (): KustomFailure => failure(415, 'BAD_VALUE', 'Bad value: Content-Type', 'The request body must be JSON, sent with Content-Type: application/json.');
export const tooLarge = (): KustomFailure => failure(413, 'REQUEST_TOO_LARGE', 'Request is too large');
export const internalError = (): KustomFailure => failure(500, 'INTERNAL_SERVER_ERROR', 'Unexpected server error');
export const readOnlyOrder = (): KustomFailure => failure(403, 'READ_ONLY_ORDER', 'Resource is read-only');
export const checkoutNotFound = (orderId: string): KustomFailure => failure(404, 'NOT_FOUND', `Order ${orderId} cannot be found`);

/** The catalogue of codes a scenario may name for Kustom, with the default status and message. */
export const KUSTOM_ERROR_CATALOGUE: Record<string, { status: KustomFailure['status']; message: string }> = {
  BAD_VALUE: { status: 400, message: 'Bad value: body' },
  INVALID_ORDER_ID: { status: 400, message: 'Order ID must be a valid UUID.' },
  UNAUTHORIZED: { status: 401, message: 'Authentication failed' },
  NOT_ALLOWED: { status: 403, message: 'Update not allowed.' },
  CAPTURE_NOT_ALLOWED: { status: 403, message: 'Capture not allowed' },
  CANCEL_NOT_ALLOWED: { status: 403, message: 'Order has previous captures. Cancel not possible.' },
  REFUND_NOT_ALLOWED: { status: 403, message: 'Over refund is not allowed. Refund not possible.' },
  READ_ONLY_ORDER: { status: 403, message: 'Resource is read-only' },
  NO_SUCH_ORDER: { status: 404, message: 'Order cannot be found' },
  NO_SUCH_CAPTURE: { status: 404, message: 'Capture could not be found' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  CONFLICT: { status: 409, message: '' },
  REQUEST_TOO_LARGE: { status: 413, message: 'Request is too large' },
  INVALID_ADDRESS: { status: 422, message: 'The shipping and/or billing address is invalid' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests' },
  INTERNAL_SERVER_ERROR: { status: 500, message: 'Unexpected server error' },
  TEMPORARILY_UNAVAILABLE: { status: 503, message: 'Temporarily unavailable' },
};
