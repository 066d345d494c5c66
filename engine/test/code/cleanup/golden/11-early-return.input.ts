import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function handler(req: { id: string }): string {
  if (!client.getBooleanValue('new-checkout', false)) {
    return legacy(req);
  }
  const id = req.id;
  audit(id);
  return modern(id);

  function audit(x: string): void {
    log(x);
  }
}

export function guard(): void {
  if (client.getBooleanValue('new-checkout', false)) return;
  cleanup();
}

declare function legacy(r: unknown): string;
declare function modern(id: string): string;
declare function log(x: string): void;
declare function cleanup(): void;
