import { HttpError } from '../http-error';
import { readBody } from '../read-body';
import type { RouteContext } from '../route';

/** JSON allows no NaN/Infinity tokens, but Java and Go encoders can emit them; quote them outside strings. */
function quoteNonFiniteTokens(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    const token = /^(-?Infinity|NaN)/.exec(text.slice(i, i + 9));
    if (!inString && token?.[1]) {
      out += `"${token[1]}"`;
      i += token[1].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * Reads a JSON request body (within the server's limits; gzip allowed). Bare
 * `NaN`/`Infinity` tokens become the strings `"NaN"`/`"Infinity"`. Malformed
 * JSON is a 400 saying where it broke.
 */
export async function readJsonBody(ctx: RouteContext): Promise<unknown> {
  const body = (await readBody(ctx.req, ctx.server.options.limits)).toString('utf8');
  if (body.trim() === '') throw new HttpError(400, 'request body is empty; send a JSON object');
  try {
    return JSON.parse(body);
  } catch (error) {
    try {
      return JSON.parse(quoteNonFiniteTokens(body));
    } catch {
      throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
    }
  }
}
