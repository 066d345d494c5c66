import { isIP } from 'node:net';

/** Whether a listen host only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

/**
 * Refuses to expose an unauthenticated server: without API tokens, Aviary binds
 * only to loopback. Returns an error message for the CLI, or null when allowed.
 */
export function checkBindAddress(host: string, tokenCount: number): string | null {
  if (tokenCount > 0 || isLoopbackHost(host)) return null;
  return `refusing to listen on ${host} without API tokens: anyone who can reach it could write metrics and change analyses. Pass --token-file FILE, or listen on 127.0.0.1.`;
}
