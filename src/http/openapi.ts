/**
 * Small helpers for @hono/zod-openapi route definitions.
 *
 * @example
 * responses: { 200: { description: 'The order.', ...json(Order) } }
 * request: { ...jsonBody(CaptureRequest) }
 */
export const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

/** A required JSON request body. */
export const jsonBody = <T>(schema: T) => ({ body: { ...json(schema), required: true } });
