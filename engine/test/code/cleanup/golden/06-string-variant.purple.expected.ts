// key: checkout-theme
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function theme(): string {
  paintOther('purple');
  log('default');
  return 'x';
}

declare function paintGreen(): void;
declare function paintOther(v: string): void;
declare function log(s: string): void;
