import { onTestFinished } from 'vitest';
import { Store as StoreUnderTest } from '../../src/core/store.js';

/**
 * The store, closed when the test that opened it ends (its log files), even one the test "crashed" by
 * leaving it open. Construct it inside a test.
 *
 * @example
 * const store = new Store(dir); // closed after this test
 */
export class Store extends StoreUnderTest {
  constructor(...args: ConstructorParameters<typeof StoreUnderTest>) {
    super(...args);
    onTestFinished(() => this.close().catch(() => undefined));
  }
}
