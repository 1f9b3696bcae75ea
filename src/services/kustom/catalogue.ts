/**
 * The demo merchant's web shop (Nordic Goods AB): home & kitchen, electronics, apparel and outdoor,
 * each product with its SKU and its shelf price in every currency the shop sells in, in minor units
 * (öre, grosze, cents). Demo order lines are chosen from here by a seeded faker; every product is
 * taxed at the market's standard rate.
 *
 * @example
 * PRODUCTS[0]; // { sku: 'NG-KIT-1001', name: "Chef's knife 20 cm", category: 'Home & kitchen', price: { SEK: 129900, PLN: 49900, EUR: 11900 } }
 */
export type ShopCurrency = 'SEK' | 'PLN' | 'EUR';

export interface Product {
  sku: string;
  name: string;
  category: 'Home & kitchen' | 'Electronics' | 'Apparel' | 'Outdoor';
  /** Unit price including tax, in minor units. */
  price: Record<ShopCurrency, number>;
}

/** [sku, name, category, SEK, PLN, EUR] in major units, as a price list reads. */
const LIST: [string, string, Product['category'], number, number, number][] = [
  ['NG-KIT-1001', "Chef's knife 20 cm", 'Home & kitchen', 1299, 499, 119],
  ['NG-KIT-1002', 'Cast iron skillet 26 cm', 'Home & kitchen', 649, 249.99, 54.95],
  ['NG-KIT-1003', 'French press 1 l, stainless steel', 'Home & kitchen', 449, 169.99, 39.95],
  ['NG-KIT-1004', 'Oak cutting board 40 × 25 cm', 'Home & kitchen', 399, 149, 34.9],
  ['NG-KIT-1005', 'Enamelled cast iron casserole 4.5 l', 'Home & kitchen', 1499, 589, 129],
  ['NG-KIT-1006', 'Linen tea towels, set of 3', 'Home & kitchen', 249, 89.99, 19.95],
  ['NG-KIT-1007', 'Ceramic mugs 35 cl, set of 4', 'Home & kitchen', 299, 109, 24.95],
  ['NG-HOM-2001', 'Wool throw 130 × 170 cm, grey', 'Home & kitchen', 899, 349, 79],
  ['NG-HOM-2002', 'Scented candle, birch & amber', 'Home & kitchen', 199, 69.99, 16.95],
  ['NG-HOM-2003', 'Table lamp with linen shade', 'Home & kitchen', 1195, 449, 99],
  ['NG-HOM-2004', 'Cotton bath towel 70 × 140 cm', 'Home & kitchen', 229, 79.99, 18.95],
  ['NG-ELE-3001', 'Wireless noise-cancelling headphones', 'Electronics', 2495, 899, 219],
  ['NG-ELE-3002', 'Bluetooth speaker, waterproof', 'Electronics', 995, 379, 84.95],
  ['NG-ELE-3003', 'USB-C charger 65 W', 'Electronics', 449, 169, 39.99],
  ['NG-ELE-3004', 'Power bank 10,000 mAh', 'Electronics', 349, 129.99, 29.99],
  ['NG-ELE-3005', 'Wireless mechanical keyboard', 'Electronics', 1290, 489, 109],
  ['NG-ELE-3006', 'Smart LED bulb E27, 2-pack', 'Electronics', 299, 109.99, 24.95],
  ['NG-ELE-3007', 'Braided USB-C cable 2 m', 'Electronics', 149, 49.99, 12.99],
  ['NG-APP-4001', 'Merino wool sweater, navy', 'Apparel', 1199, 459, 99.95],
  ['NG-APP-4002', 'Rain jacket, unisex, olive', 'Apparel', 1599, 619, 139],
  ['NG-APP-4003', 'Wool socks, 3-pack', 'Apparel', 229, 89, 19.9],
  ['NG-APP-4004', 'Leather gloves, black', 'Apparel', 699, 269, 59.95],
  ['NG-APP-4005', 'Knitted beanie, grey melange', 'Apparel', 299, 109, 24.95],
  ['NG-OUT-5001', 'Canvas backpack 20 l', 'Outdoor', 899, 339, 74.95],
  ['NG-OUT-5002', 'Insulated water bottle 0.75 l', 'Outdoor', 299, 119, 27.95],
  ['NG-OUT-5003', 'Enamel camping mug', 'Outdoor', 149, 54.99, 12.95],
];

const minor = (major: number) => Math.round(major * 100);

export const PRODUCTS: readonly Product[] = LIST.map(([sku, name, category, sek, pln, eur]) => ({ sku, name, category, price: { SEK: minor(sek), PLN: minor(pln), EUR: minor(eur) } }));

/** The product's page on the shop: `https://shop.example/products/chefs-knife-20-cm`. */
export function productUrl(p: Product): string {
  const slug = p.name.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `https://shop.example/products/${slug}`;
}
