import { oktoFailure, type OktoFailure } from './errors.js';
import type { OktoFixtures } from './fixtures.js';

/**
 * The Order-Api's item preconditions, pure: basket ids unique and every extra pointing at a line of
 * the order (400); an article named by `externalId` or `productId` must exist in the till's articles
 * and both must name the same one, a line without either needs a `name` (since 1.3.0 articles are
 * optional); a distribution channel or tax rate given must exist and agree with itself (422).
 *
 * @example
 * checkItems(order.items, fixtures) // null, or { status: 422, text: "items[0].externalId '9999' is not an article of this till…" }
 */
export interface ItemInput {
  basketItemId: number;
  mainBasketItemId: number;
  productId?: string | undefined;
  externalId?: string | undefined;
  name?: string | undefined;
  distributionChannel?: { id?: number | string | undefined; token?: string | undefined } | undefined;
  tax?: { taxRateId?: number | string | undefined; taxRate?: string | undefined } | undefined;
}

export function checkItems(items: ItemInput[], fx: Pick<OktoFixtures, 'articles' | 'taxRates' | 'distributionChannels'>): OktoFailure | null {
  const ids = new Set<number>();
  for (const [i, item] of items.entries()) {
    if (ids.has(item.basketItemId)) return oktoFailure(400, `Field 'items[${i}].basketItemId' is invalid: ${item.basketItemId} is used twice in this order.`);
    ids.add(item.basketItemId);
  }
  for (const [i, item] of items.entries()) {
    const at = `items[${i}]`;
    if (!ids.has(item.mainBasketItemId)) return oktoFailure(400, `Field '${at}.mainBasketItemId' is invalid: no line of this order has basketItemId ${item.mainBasketItemId} (a main line names itself).`);
    const byExternal = item.externalId === undefined ? undefined : fx.articles.find((a) => a.externalId === item.externalId);
    const byUuid = item.productId === undefined ? undefined : fx.articles.find((a) => a.uuid === item.productId);
    if (item.externalId !== undefined && !byExternal) return oktoFailure(422, `${at}.externalId '${item.externalId}' is not an article of this till; see GET /v1/articles.`);
    if (item.productId !== undefined && !byUuid) return oktoFailure(422, `${at}.productId '${item.productId}' is not an article of this till; see GET /v1/articles.`);
    if (byExternal && byUuid && byExternal !== byUuid) return oktoFailure(422, `${at}: externalId '${item.externalId}' and productId '${item.productId}' name different articles.`);
    if (!byExternal && !byUuid && !item.name?.trim()) return oktoFailure(400, `Field '${at}.name' is required when the line names no article (externalId or productId).`);
    const ch = item.distributionChannel;
    if (ch?.id !== undefined) {
      const found = fx.distributionChannels.find((c) => String(c.id) === String(ch.id));
      if (!found) return oktoFailure(422, `${at}.distributionChannel.id ${String(ch.id)} is not a distribution channel of this till; see GET /v1/articles/distribution-channels.`);
      if (ch.token !== undefined && ch.token !== found.token) return oktoFailure(422, `${at}.distributionChannel: id ${found.id} is ${found.token}, not ${ch.token}.`);
    }
    const tax = item.tax;
    if (tax?.taxRateId !== undefined) {
      const found = fx.taxRates.find((t) => String(t.id) === String(tax.taxRateId));
      if (!found) return oktoFailure(422, `${at}.tax.taxRateId ${String(tax.taxRateId)} is not a tax rate of this till; see GET /v1/articles/tax-rates.`);
      if (tax.taxRate !== undefined && Number(tax.taxRate) !== Number(found.rate)) return oktoFailure(422, `${at}.tax: tax rate ${found.id} is ${found.rate} %, not ${tax.taxRate} %.`);
    }
  }
  return null;
}
