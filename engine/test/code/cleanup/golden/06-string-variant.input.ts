// key: checkout-theme
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function theme(): string {
  const variant = client.getStringValue('checkout-theme', 'blue');
  if (variant === 'green') {
    paintGreen();
  } else if (variant !== 'blue') {
    paintOther(variant);
  }
  switch (variant) {
    case 'blue':
      log('blue');
      break;
    case 'green': {
      const shade = 'dark';
      log(shade);
      break;
    }
    default:
      log('default');
  }
  return variant === 'blue' ? 'b' : 'x';
}

declare function paintGreen(): void;
declare function paintOther(v: string): void;
declare function log(s: string): void;
