// key: retry-count
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export async function fetchWithRetry(url: string): Promise<Response> {
  log(`retrying ${url}`);
  alert3();
  return fetchRetrying(url, 3);
}

declare function log(s: string): void;
declare function alert3(): void;
declare function fetchRetrying(u: string, n: number): Promise<Response>;
