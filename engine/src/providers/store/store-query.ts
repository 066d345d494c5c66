import { parseAttributeFilter } from '../../store/attribute-filter';
import type { AttributeFilter } from '../../store/store-types';

export interface StoreQuery {
  metric: string;
  filters: AttributeFilter[];
}

/**
 * Parses a store provider query: an OTel metric name with optional attribute filters in braces,
 * comma-separated, e.g. `http.server.request.duration{http.response.status_code>=500,http.route=/checkout}`.
 * Operators: `=`, `!=`, `>`, `>=`, `<`, `<=` (numeric when both sides are numbers).
 */
export function parseStoreQuery(text: string): StoreQuery | { error: string } {
  const match = /^\s*([^{}\s]+)\s*(?:\{(.*)\})?\s*$/s.exec(text);
  if (!match?.[1]) return { error: `query "${text}" is not a metric name with optional {attribute filters}` };
  const filters: AttributeFilter[] = [];
  const body = match[2]?.trim() ?? '';
  if (body !== '') {
    for (const part of body.split(',')) {
      const filter = parseAttributeFilter(part);
      if ('error' in filter) return { error: `query "${text}": ${filter.error}` };
      filters.push(filter);
    }
  }
  return { metric: match[1], filters };
}
