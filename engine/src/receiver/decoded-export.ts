import type { IngestMetric } from '../store/store-types';

/** A decoded `ExportMetricsServiceRequest`: metrics in the store's model, plus points refused while decoding. */
export interface DecodedExport {
  metrics: IngestMetric[];
  /** Points that cannot be filed (e.g. unspecified aggregation temporality), with reasons. */
  invalid: number;
  reasons: string[];
}

/** Attribute value before it is rendered as a string (arrays and maps become JSON). */
export type AttributeNative = string | number | boolean | null | AttributeNative[] | { [key: string]: AttributeNative };

/** `AnyValue` rendered for the store: strings as-is, scalars with `String()`, arrays/maps as JSON, empty as ''. */
export function renderAttribute(value: AttributeNative): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Max nesting of array/kvlist attribute values; deeper input is refused. */
export const MAX_ATTRIBUTE_DEPTH = 16;
