/** Normalized extension settings. Raw values come from the user and are never trusted as-is. */
export type InlineStyle = 'decoration' | 'codeLens' | 'off';

export interface Settings {
  engineUrl: string | null;
  definitionFiles: string[];
  configFile: string;
  lifetimes: Record<string, number | null>;
  rolledOutDays: number;
  noEvaluationDays: number;
  inlineStyle: InlineStyle;
}

export const DEFAULT_SETTINGS: Settings = {
  engineUrl: null,
  definitionFiles: ['**/*.flagd.json', '**/flags.json', '**/flags/*.json'],
  configFile: 'aviary.config.json',
  lifetimes: { release: 40, experiment: 40, operational: 7, 'kill-switch': null, permission: null },
  rolledOutDays: 7,
  noEvaluationDays: 30,
  inlineStyle: 'decoration',
};

/** Reads one raw setting by key (`vscode.WorkspaceConfiguration.get` in the extension). */
export type RawSettings = (key: string) => unknown;

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

function engineUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

function lifetimes(value: unknown): Record<string, number | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ...DEFAULT_SETTINGS.lifetimes };
  const result: Record<string, number | null> = {};
  for (const [type, days] of Object.entries(value)) {
    if (days === null) result[type] = null;
    else if (typeof days === 'number' && Number.isInteger(days) && days > 0) result[type] = days;
  }
  return result;
}

/** Builds normalized settings; anything malformed falls back to its default (VS Code already warns on the schema). */
export function readSettings(get: RawSettings): Settings {
  const files = get('definitionFiles');
  const style = get('inlineStyle');
  const configFile = get('configFile');
  return {
    engineUrl: engineUrl(get('engineUrl')),
    definitionFiles:
      Array.isArray(files) && files.every((f) => typeof f === 'string')
        ? files.filter((f) => f.trim() !== '')
        : [...DEFAULT_SETTINGS.definitionFiles],
    configFile:
      typeof configFile === 'string' && configFile.trim() !== '' ? configFile.trim() : DEFAULT_SETTINGS.configFile,
    lifetimes: lifetimes(get('staleness.lifetimes')),
    rolledOutDays: positiveInt(get('staleness.rolledOutDays'), DEFAULT_SETTINGS.rolledOutDays),
    noEvaluationDays: positiveInt(get('staleness.noEvaluationDays'), DEFAULT_SETTINGS.noEvaluationDays),
    inlineStyle:
      style === 'codeLens' || style === 'off' || style === 'decoration' ? style : DEFAULT_SETTINGS.inlineStyle,
  };
}
