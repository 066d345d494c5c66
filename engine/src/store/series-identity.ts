import type { IngestMetric } from './store-types';

/** The cohort columns of a series, read from its resource and point attributes. */
export interface SeriesIdentity {
  /** Unique key: metric, kind, scope, resource and point attributes. */
  key: string;
  service: string | null;
  release: string | null;
  env: string | null;
  flag: string | null;
  variant: string | null;
}

const resourceKeys = new WeakMap<Record<string, string>, string>();

function attributesKey(attributes: Record<string, string>): string {
  const keys = Object.keys(attributes).sort();
  let key = '';
  for (const k of keys) key += `${k}\u0001${attributes[k]}\u0002`;
  return key;
}

function resourceKey(resource: Record<string, string>): string {
  let key = resourceKeys.get(resource);
  if (key === undefined) {
    key = attributesKey(resource);
    resourceKeys.set(resource, key);
  }
  return key;
}

function pick(point: Record<string, string>, resource: Record<string, string>, ...names: string[]): string | null {
  for (const name of names) {
    const value = point[name] ?? resource[name];
    if (value !== undefined) return value;
  }
  return null;
}

/** The part of a series key shared by all points of one metric of one resource and scope. */
export function metricPrefix(metric: IngestMetric): string {
  return `${metric.name}\u0000${metric.kind}\u0000${metric.scope}\u0000${resourceKey(metric.resource)}\u0000`;
}

/** The per-point part of a series key (attributes in key order). O(attributes log attributes). */
export function pointKey(attributes: Record<string, string>): string {
  return attributesKey(attributes);
}

/**
 * Files a point under its cohort identity: release = `service.name` + `service.version`, environment =
 * `deployment.environment.name` (or the deprecated `deployment.environment`), flag = `feature_flag.key` +
 * `feature_flag.result.variant` (or the older `feature_flag.variant`). Point attributes win over resource
 * attributes of the same name.
 */
export function seriesIdentity(metric: IngestMetric, attributes: Record<string, string>): SeriesIdentity {
  const resource = metric.resource;
  return {
    key: metricPrefix(metric) + pointKey(attributes),
    service: pick(attributes, resource, 'service.name'),
    release: pick(attributes, resource, 'service.version'),
    env: pick(attributes, resource, 'deployment.environment.name', 'deployment.environment'),
    flag: pick(attributes, resource, 'feature_flag.key'),
    variant: pick(attributes, resource, 'feature_flag.result.variant', 'feature_flag.variant'),
  };
}
