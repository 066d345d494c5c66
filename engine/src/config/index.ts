export { canaryConfigJsonSchema, canaryConfigJsonSchemaText } from './canary-config-json-schema';
export {
  type CanaryConfig,
  type CanaryConfigInput,
  type CanaryMetric,
  canaryConfigSchema,
  canaryMetricSchema,
} from './canary-config-schema';
export { ConfigError, type ConfigIssue, formatPath, loadCanaryConfig, parseCanaryConfig } from './load-canary-config';
export { parseDuration } from './parse-duration';
export { loadSamplesFile, parseSamplesFile } from './parse-samples-file';
