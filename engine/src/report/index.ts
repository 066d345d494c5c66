export { formatNumber, formatPValue } from './format-values';
export { renderJson } from './render-json';
export { renderJunit } from './render-junit';
export {
  type ChartMode,
  type MarkdownOptions,
  type RenderedReport,
  renderMarkdown,
  textDistribution,
} from './render-markdown';
export { renderMetricChart } from './render-metric-chart';
export { REPORT_FORMATS, type ReportFormat, renderReport } from './render-report';
export { renderText } from './render-text';
