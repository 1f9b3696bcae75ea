import { expect, test } from 'vitest';
import { checkoutBody, line, makeApi, newOrder, order } from '../helpers/sandbox.js';

/**
 * What Klarna's own specs say that the sandbox once let slip: refusals for what production refuses, and
 * every field Klarna declares kept and answered (every response here is also checked against the
 * schema-only contract derived from Klarna's specs, see test/helpers/klarna-contract.ts).
 */
const OM = '/ordermanagement/v1/orders';
const CO = '/checkout/v3/orders';

test('a capture of 0 is refused (Klarna\'s Capture has captured_amount ≥ 1) and changes nothing', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const res = await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 0 } });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ error_code: 'BAD_VALUE', error_messages: ['Bad value: captured_amount'] });
  expect(await order(api, order_id)).toMatchObject({ status: 'AUTHORIZED', captured_amount: 0, captures: [] });
});

test('Order Management order lines need a type of its own list: a line without one, or a return_fee line, is refused', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api);
  const { type: _t, ...untyped } = line(5000);
  const cases: [string, string, unknown][] = [
    ['POST', `${OM}/${order_id}/captures`, { captured_amount: 5000, order_lines: [untyped] }],
    ['PATCH', `${OM}/${order_id}/authorization`, { order_amount: 5000, order_lines: [untyped] }],
    ['POST', `${OM}/${order_id}/captures`, { captured_amount: 5000, order_lines: [{ ...line(5000), type: 'return_fee' }] }],
  ];
  for (const [method, path, body] of cases) {
    const res = await api.call(method, path, { body });
    expect({ path, status: res.status }).toEqual({ path, status: 400 });
    expect(await res.json()).toMatchObject({ error_code: 'BAD_VALUE', error_messages: ['Bad value: order_lines[0].type'] });
  }
  await api.call('POST', `${OM}/${order_id}/captures`, { body: { captured_amount: 10000 } });
  const refund = await api.call('POST', `${OM}/${order_id}/refunds`, { body: { refunded_amount: 1000, order_lines: [{ ...line(-1000, 0), type: 'return_fee' }] } });
  expect(refund.status).toBe(400);
  expect(await order(api, order_id)).toMatchObject({ order_amount: 10000, captured_amount: 10000, refunded_amount: 0 });
});

test('PATCH authorization without order_lines replaces the lines with none, as Klarna documents ("If no order lines are provided, the original order lines will be deleted")', async () => {
  const api = await makeApi();
  const { order_id } = await newOrder(api, undefined, { order_lines: [line(10000)] });
  expect((await api.call('PATCH', `${OM}/${order_id}/authorization`, { body: { order_amount: 8000 } })).status).toBe(204);
  expect(await order(api, order_id)).toMatchObject({ order_amount: 8000, order_lines: [] });
});

test('checkout keeps and answers every field Klarna declares: attachment, external payment methods and checkouts, discount lines, subscriptions, shipping attributes, options', async () => {
  const api = await makeApi();
  const provider = { name: 'PayPal', redirect_url: 'https://shop.example/paypal', image_url: 'https://shop.example/pp.png', fee: 0, description: 'Pay with PayPal', countries: ['se'], label: 'continue' };
  const extra = {
    attachment: { content_type: 'application/vnd.klarna.internal.emd-v2+json', body: '{"customer_account_info":[{"unique_account_identifier":"u-1"}]}' },
    external_payment_methods: [provider],
    external_checkouts: [{ ...provider, name: 'Shop account' }],
    discount_lines: [{ name: 'Welcome', quantity: 1, unit_price: 0, tax_rate: 2500, total_amount: 0, total_tax_amount: 0 }],
    options: { radius_border: '5px', color_button: '#FF9900', additional_checkbox: { text: 'Newsletter', checked: false, required: false }, enable_discount_module: true },
  };
  const body = checkoutBody();
  const lines = [{ ...body.order_lines[0], subscription: { name: 'Coffee club', interval: 'MONTH', interval_count: 1 }, shipping_attributes: { weight: 1200, dimensions: { height: 100, width: 200, length: 300 }, tags: ['fragile'] } }];
  const res = await api.call('POST', CO, { body: { ...body, ...extra, order_lines: lines } });
  expect(res.status).toBe(201);
  const created = await res.json();
  expect(created).toMatchObject({ ...extra, order_lines: lines });
  const read = await (await api.call('GET', `${CO}/${created.order_id}`)).json();
  expect(read).toMatchObject({ ...extra, order_lines: lines });
  const updated = await (await api.call('POST', `${CO}/${created.order_id}`, { body: { attachment: { content_type: 'application/vnd.klarna.internal.emd-v2+json', body: '{}' } } })).json();
  expect(updated).toMatchObject({ attachment: { body: '{}' }, external_payment_methods: [provider], options: extra.options });
});

test('checkout refuses what Klarna\'s schema refuses instead of storing it: an option of the wrong type, a subscription without its interval, a negative shipping price', async () => {
  const api = await makeApi();
  const body = checkoutBody();
  const cases: [unknown, string][] = [
    [{ ...body, options: { radius_border: 5 } }, 'Bad value: options.radius_border'],
    [{ ...body, order_lines: [{ ...body.order_lines[0], subscription: { interval_count: 1 } }] }, 'Bad value: order_lines[0].subscription.interval'],
    [{ ...body, shipping_options: [{ id: 'x', name: 'Post', price: -1, tax_amount: 0, tax_rate: 0 }] }, 'Bad value: shipping_options[0].price'],
    [{ ...body, external_payment_methods: [{ name: 'PayPal' }] }, 'Bad value: external_payment_methods[0].redirect_url'],
  ];
  for (const [input, message] of cases) {
    const res = await api.call('POST', CO, { body: input });
    expect(res.status).toBe(400);
    expect((await res.json()).error_messages).toEqual([message]);
  }
});

test('completing a checkout: the chosen shipping option and the shopper\'s date of birth reach both APIs; untyped lines become physical; OM addresses hold OM\'s fields', async () => {
  const api = await makeApi();
  const body = checkoutBody();
  const { type: _t, ...untyped } = body.order_lines[0]!;
  const shipping_options = [
    { id: 'post', name: 'PostNord', price: 0, tax_amount: 0, tax_rate: 0, shipping_method: 'PostalOffice' },
    {
      id: 'home', name: 'Home delivery', price: 4900, tax_amount: 980, tax_rate: 2500, preselected: true, shipping_method: 'Home', tms_reference: 'tms-1',
      delivery_details: { carrier: 'budbee', product: { name: 'Evening', identifier: 'EVE' }, timeslot: { id: 'ts-1', start: '18:00', end: '22:00' } },
      selected_addons: [{ type: 'leave_at_door', price: 0, external_id: 'a-1' }],
    },
  ];
  const created = await (await api.call('POST', CO, {
    body: { ...body, order_lines: [untyped], shipping_options, customer: { type: 'person', date_of_birth: '1941-03-21', gender: 'male' }, shipping_address: { given_name: 'Anna', family_name: 'Andersson', street_address: 'Storgatan 1', street_name: 'Storgatan', street_number: '1', care_of: 'Bo', postal_code: '11122', city: 'Stockholm', country: 'SE', email: 'anna@example.com' } },
  })).json();
  await api.sb.admin.kustom.completeCheckout(created.order_id, { email: 'anna@example.com' });

  const co = await (await api.call('GET', `${CO}/${created.order_id}`)).json();
  expect(co).toMatchObject({ status: 'checkout_complete', selected_shipping_option: shipping_options[1], customer: { date_of_birth: '1941-03-21' }, order_lines: [untyped] });

  const om = await order(api, created.order_id);
  expect(om['order_lines']).toEqual([{ ...untyped, type: 'physical' }]);
  expect(om['customer']).toEqual({ date_of_birth: '1941-03-21' });
  expect(om['selected_shipping_option']).toEqual({
    id: 'home', name: 'Home delivery', tms_reference: 'tms-1', carrier: 'budbee', method: 'Home', price: 4900, tax_amount: 980, tax_rate: 2500,
    timeslot: { id: 'ts-1', start: '18:00', end: '22:00' }, carrier_product: { name: 'Evening', identifier: 'EVE' },
    selected_addons: [{ type: 'leave_at_door', price: 0, external_id: 'a-1' }],
  });
  expect(om['shipping_address']).toEqual({ given_name: 'Anna', family_name: 'Andersson', street_address: 'Storgatan 1', postal_code: '11122', city: 'Stockholm', country: 'SE', email: 'anna@example.com' });
});

test('a checkout without shipping options completes without a selected one', async () => {
  const api = await makeApi();
  const created = await (await api.call('POST', CO, { body: checkoutBody() })).json();
  await api.sb.admin.kustom.completeCheckout(created.order_id, {});
  expect(await (await api.call('GET', `${CO}/${created.order_id}`)).json()).not.toHaveProperty('selected_shipping_option');
  expect(await order(api, created.order_id)).not.toHaveProperty('selected_shipping_option');
});
