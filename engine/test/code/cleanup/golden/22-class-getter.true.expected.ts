import { OpenFeature } from '@openfeature/server-sdk';

export class Cart {
  private readonly client = OpenFeature.getClient();

  get useNewTotals(): boolean {
    return true;
  }

  total(items: number[]): number {
    return items.reduce((s, x) => s + x, 0);
  }
}
