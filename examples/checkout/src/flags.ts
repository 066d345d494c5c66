import { fileURLToPath } from 'node:url';
import { MetricsHook } from '@openfeature/open-telemetry-hooks';
import { type Client, OpenFeature } from '@openfeature/server-sdk';
import { FlagdFileProvider } from './flagd-file-provider';

/** The example's flag definitions (flagd JSON). */
export const DEFAULT_FLAGS_FILE = fileURLToPath(new URL('../flags/checkout.flagd.json', import.meta.url));

/**
 * Registers the flagd file provider for `domain` and returns its OpenFeature
 * client, with OpenFeature's OpenTelemetry `MetricsHook` attached (evaluation
 * counts per flag and variant). Start the OTel SDK first: the hook takes its
 * meter from the global meter provider when it is created.
 */
export async function createFlagsClient(file = DEFAULT_FLAGS_FILE, domain = 'checkout'): Promise<Client> {
  await OpenFeature.setProviderAndWait(domain, new FlagdFileProvider(file));
  const client = OpenFeature.getClient(domain);
  client.addHooks(new MetricsHook());
  return client;
}
