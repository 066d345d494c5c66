import type { VerdictResult } from '../analysis/verdict-types';
import { renderJson } from './render-json';
import { renderJunit } from './render-junit';
import { type MarkdownOptions, type RenderedReport, renderMarkdown } from './render-markdown';
import { renderText } from './render-text';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'junit';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown', 'junit'];

/** Renders a verdict in one format; `files` lists chart files to write next to the report (Markdown `files` mode). */
export function renderReport(
  result: VerdictResult,
  format: ReportFormat,
  options: MarkdownOptions = {},
): RenderedReport {
  switch (format) {
    case 'text':
      return { text: renderText(result), files: [] };
    case 'json':
      return { text: renderJson(result), files: [] };
    case 'junit':
      return { text: renderJunit(result), files: [] };
    case 'markdown':
      return renderMarkdown(result, options);
  }
}
