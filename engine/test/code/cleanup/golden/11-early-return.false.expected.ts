import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export function handler(req: { id: string }): string {
  return legacy(req);
}

export function guard(): void {
  cleanup();
}

declare function legacy(r: unknown): string;
declare function modern(id: string): string;
declare function log(x: string): void;
declare function cleanup(): void;
