import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function handler(req: { id: string }): string {
  const id = req.id;
  audit(id);
  return modern(id);

  function audit(x: string): void {
    log(x);
  }
}

export function guard(): void {
}

declare function legacy(r: unknown): string;
declare function modern(id: string): string;
declare function log(x: string): void;
declare function cleanup(): void;
