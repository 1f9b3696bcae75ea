// Drives @crystallize/node-klarna, unchanged, through checkout → acknowledge → capture → refund, as a
// merchant's code would. It always calls https://<apiEndpoint>/… on port 443 and trusts what Node trusts
// (this process is started with NODE_EXTRA_CA_CERTS=<the sandbox CA>). Prints one JSON line per step.
//
// node crystallize-klarna.mjs <host> <admin base URL> [port, when 443 could not be bound]
import https from 'node:https';
import { createRequire } from 'node:module';

const [host, admin, port] = process.argv.slice(2);
if (port) https.globalAgent.defaultPort = Number(port); // the client has no port option
const { Klarna } = createRequire(import.meta.url)('@crystallize/node-klarna');
const klarna = new Klarna({ username: 'kco_test_api_demo', password: 'sandbox-secret', apiEndpoint: host });
const step = (name, r) => process.stdout.write(`${JSON.stringify({ step: name, statusCode: r.statusCode, response: r.response ?? null, error: r.error ? String(r.error.message ?? JSON.stringify(r.error)) : null })}\n`);

const line = { type: 'physical', reference: 'SKU-1', name: 'Coffee grinder', quantity: 1, unit_price: 50000, tax_rate: 2500, total_amount: 50000, total_tax_amount: 10000 };
const created = await klarna.checkoutV3.createOrder({
  purchase_country: 'SE', purchase_currency: 'SEK', locale: 'sv-SE', order_amount: 50000, order_tax_amount: 10000, order_lines: [line],
  merchant_urls: { terms: 'https://shop.example/terms', checkout: 'https://shop.example/checkout', confirmation: 'https://shop.example/confirmation', push: 'https://shop.example/push?id={checkout.order.id}' },
});
step('createOrder', created);
const id = created.response?.order_id;
if (!id) process.exit(1);

// The shopper completes the purchase (the sandbox's admin stands in for the Kustom checkout page).
const done = await fetch(`${admin}/kustom/checkout/${id}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'kco_test_api_demo' }) });
step('complete', { statusCode: done.status, response: null });

step('retrieveOrder', await klarna.checkoutV3.retrieveOrder(id)); // a GET with a "{}" body after it
step('acknowledge', await klarna.orderManagementV1.orders.acknowledge(id));
step('capture', await klarna.orderManagementV1.captures.capture(id, { captured_amount: 50000, description: 'Shipped' }));
step('refund', await klarna.orderManagementV1.refunds.create(id, { refunded_amount: 20000, description: 'Returned', order_lines: [] }));
step('getOrder', await klarna.orderManagementV1.orders.getOrder(id));
