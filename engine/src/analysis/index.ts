export { analyzeSamples } from './analyze-samples';
export { analyzeWindow } from './analyze-window';
export { canonicalDigest } from './canonical-digest';
export { canonicalJson } from './canonical-json';
export { kayentaScore } from './kayenta-score';
export type {
  AnalysisSource,
  AnalyzeOptions,
  HealthCheck,
  JudgeMetricFn,
  MetricDistribution,
  MetricInput,
  MetricResult,
  MissingEvidence,
  SamplesByMetric,
  ScoreDetail,
  ScoreGroup,
  Verdict,
  VerdictResult,
} from './verdict-types';
