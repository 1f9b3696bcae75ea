import { z } from '@hono/zod-openapi';
import { loadFixtureFile } from '../../core/fixture-file.js';
import { seededFaker } from '../../core/ids.js';
import { generateCategories } from './menu-generator.js';
import type { MarketDef, Menu, StoreDef, StoreState } from './model.js';
import { MenuDayTime, MenuSchema } from './schemas.js';
import { lazyProperty, once } from '../../core/lazy.js';

/**
 * Khumbu fixtures (fixtures/khumbu.json, validated at boot): the clients, the provider → partner →
 * market → store tree the paths are checked against, and each store's menu (the documented sample
 * items plus a fast-food menu chosen by faker, from a fixed seed, out of the catalogue in catalogue.ts).
 *
 * @example
 * const catalog = loadKhumbuCatalog('fixtures');
 * catalog.market('standardprovider', 'simphony', 'plkpl')?.stores[0]?.providerStoreId; // '48002'
 */
const Store = z.strictObject({
  providerStoreId: z.string().min(1),
  partnerStoreId: z.string().min(1),
  name: z.string().min(1),
  status: z.enum(['ACT', 'INA']),
  posDelaySeconds: z.number().min(0).max(86_400).default(5),
});
const Market = z.strictObject({
  name: z.string().min(1),
  currency: z.string().length(3),
  timeZone: z.string().min(1),
  taxRate: z.number().min(0).max(1),
  priceScale: z.number().positive().default(1),
  stores: z.array(Store),
});
export const KhumbuFixturesSchema = z.strictObject({
  $comment: z.string().optional(),
  clients: z.array(z.strictObject({
    clientId: z.string().min(1), clientSecret: z.string().min(1), apiKey: z.string().min(1),
    name: z.string().optional(), receiver: z.url().optional(),
    demoOrders: z.boolean().default(false),
  })),
  providers: z.array(z.strictObject({
    name: z.string().min(2).max(100),
    partners: z.array(z.strictObject({ name: z.string().min(1), markets: z.array(Market) })),
  })),
  sampleMenu: MenuSchema.shape.categories.element,
  generatedMenu: z.strictObject({ seed: z.number().int(), itemsPerCategory: z.number().int().min(1).max(50), outOfStock: z.number().int().min(0) }),
  menuHours: z.array(MenuDayTime),
});
export type KhumbuFixtures = z.infer<typeof KhumbuFixturesSchema>;

/** Markets, stores and menus by name and id, plus the clients. */
export interface KhumbuCatalog {
  fixtures: KhumbuFixtures;
  providers: Set<string>;
  /** Partners per provider. */
  partners: Map<string, Set<string>>;
  market(provider: string, partner: string, market: string): MarketDef | undefined;
  /** A store and its market by providerStoreId (unique across the fixtures). */
  store(storeId: string): { store: StoreDef; market: MarketDef } | undefined;
  stores(): { store: StoreDef; market: MarketDef }[];
}

export const MENU_ID = '123';

export function loadKhumbuCatalog(dir: string): KhumbuCatalog {
  const fx = loadFixtureFile(dir, 'khumbu.json', KhumbuFixturesSchema, 'Khumbu');
  const markets = new Map<string, MarketDef>();
  const stores = new Map<string, { store: StoreDef; market: MarketDef }>();
  const partners = new Map<string, Set<string>>();
  let marketIndex = 0;
  for (const p of fx.providers) {
    partners.set(p.name, new Set(p.partners.map((x) => x.name)));
    for (const partner of p.partners) {
      for (const m of partner.markets) {
        const seed = fx.generatedMenu.seed + marketIndex++;
        // The market's menu is chosen (by faker, from its seed) when first read, not at start-up.
        const menus = once((): Menu[] => {
          const categories = generateCategories(seededFaker(seed), {
            itemsPerCategory: fx.generatedMenu.itemsPerCategory, outOfStock: fx.generatedMenu.outOfStock, priceScale: m.priceScale,
          });
          return [{ id: MENU_ID, name: 'Main menu', categories: [fx.sampleMenu as Menu['categories'][number], ...categories] }];
        });
        const market: MarketDef = {
          provider: p.name, partner: partner.name, name: m.name, currency: m.currency, timeZone: m.timeZone, taxRate: m.taxRate,
          stores: m.stores.map((s) => lazyProperty({ ...s, menuHours: [{ menuId: MENU_ID, menuDayTime: fx.menuHours }] }, 'menus', menus) as StoreDef),
        };
        markets.set(`${p.name}/${partner.name}/${m.name}`, market);
        for (const s of market.stores) {
          if (stores.has(s.providerStoreId)) throw new Error(`Khumbu fixtures: store ${s.providerStoreId} appears twice; providerStoreId must be unique`);
          stores.set(s.providerStoreId, { store: s, market });
        }
      }
    }
  }
  return {
    fixtures: fx,
    providers: new Set(fx.providers.map((p) => p.name)),
    partners,
    market: (provider, partner, market) => markets.get(`${provider}/${partner}/${market}`),
    store: (id) => stores.get(id),
    stores: () => [...stores.values()],
  };
}

/** A tenant's fresh view of every store: fixture status and delay, no stock changes. */
export function seedStores(catalog: KhumbuCatalog): Record<string, StoreState> {
  return Object.fromEntries(catalog.stores().map(({ store }) => [store.providerStoreId, { status: store.status, posDelaySeconds: store.posDelaySeconds, stock: {} }]));
}
