import { OpenFeature } from '@openfeature/server-sdk';

export class Cart {
  private readonly client = OpenFeature.getClient();

  get useNewTotals(): boolean {
    return this.client.getBooleanValue('new-checkout', false);
  }

  total(items: number[]): number {
    if (this.client.getBooleanValue('new-checkout', false)) {
      return items.reduce((s, x) => s + x, 0);
    }
    let sum = 0;
    for (const x of items) sum += x;
    return sum;
  }
}
