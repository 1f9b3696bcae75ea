/**
 * Order Sandbox: the public API.
 *
 * @example
 * import { createSandbox } from 'order-sandbox';
 * const sb = await createSandbox();
 * await sb.admin.kustom.createOrder('kco_test_api_demo', { order_amount: 10000 });
 */
export { createSandbox, baseUrls, type Sandbox, type SandboxOptions, type Listening } from './sandbox.js';
