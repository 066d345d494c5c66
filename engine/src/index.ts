export * from './analysis/index';
export * from './config/index';
export type { Cohort, TimeWindow } from './model/cohort';
export type { Measurement, MeasurementRequest, MetricProvider } from './providers/metric-provider';
export * from './report/index';
