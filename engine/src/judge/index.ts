export { judgeMetric } from './judge-metric';
export type {
  Classification,
  CountSeries,
  Direction,
  HarmFinding,
  HistogramData,
  JudgeMetricSpec,
  JudgeOptions,
  Margin,
  MetricJudgement,
  MetricKind,
  MetricSamples,
} from './judge-types';
export {
  type KayentaClassification,
  type KayentaMetricOptions,
  type KayentaMetricResult,
  type KayentaSideStats,
  kayentaJudgeMetric,
} from './kayenta-judge';
