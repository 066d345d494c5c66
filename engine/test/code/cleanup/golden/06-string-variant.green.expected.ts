// key: checkout-theme
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function theme(): string {
  paintGreen();
  const shade = 'dark';
  log(shade);
  return 'x';
}

declare function paintGreen(): void;
declare function paintOther(v: string): void;
declare function log(s: string): void;
