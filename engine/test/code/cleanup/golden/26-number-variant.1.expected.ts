// key: retry-count
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export async function fetchWithRetry(url: string): Promise<Response> {
  return fetchRetrying(url, 1);
}

declare function log(s: string): void;
declare function alert3(): void;
declare function fetchRetrying(u: string, n: number): Promise<Response>;
