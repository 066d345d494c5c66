// key: retry-count
import { OpenFeature } from '@openfeature/server-sdk';

const client = OpenFeature.getClient();

export async function fetchWithRetry(url: string): Promise<Response> {
  const retries = await client.getNumberValue('retry-count', 1);
  if (retries > 1) {
    log(`retrying ${url}`);
  }
  if (retries === 3) {
    alert3();
  }
  return fetchRetrying(url, retries);
}

declare function log(s: string): void;
declare function alert3(): void;
declare function fetchRetrying(u: string, n: number): Promise<Response>;
