/** The parts of SARIF 2.1.0 that code scanning reads: one run, rules with help text, results with a location. */
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: string;
  fullDescription: string;
  level: 'note' | 'warning' | 'error';
}

export interface SarifResult {
  ruleId: string;
  level: 'note' | 'warning' | 'error';
  message: string;
  /** Path relative to the repository root, `/`-separated. */
  file: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Stable identity across runs (GitHub uses it to track alerts). */
  fingerprint: string;
  properties?: Record<string, unknown>;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function toSarif(
  rules: readonly SarifRule[],
  results: readonly SarifResult[],
  version: string,
): Record<string, unknown> {
  const used = rules.filter((rule) => results.some((r) => r.ruleId === rule.id));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aviary',
            informationUri: 'https://github.com/aviary-dev/aviary',
            semanticVersion: version,
            rules: used.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.shortDescription },
              fullDescription: { text: rule.fullDescription },
              defaultConfiguration: { level: rule.level },
              help: { text: rule.fullDescription },
            })),
          },
        },
        results: results.map((result) => ({
          ruleId: result.ruleId,
          ruleIndex: used.findIndex((rule) => rule.id === result.ruleId),
          level: result.level,
          message: { text: result.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(result.file) },
                region: {
                  startLine: Math.max(1, result.line),
                  ...(result.column ? { startColumn: result.column } : {}),
                  ...(result.endLine ? { endLine: result.endLine } : {}),
                  ...(result.endColumn ? { endColumn: result.endColumn } : {}),
                },
              },
            },
          ],
          partialFingerprints: { 'aviaryFinding/v1': result.fingerprint },
          ...(result.properties ? { properties: result.properties } : {}),
        })),
      },
    ],
  };
}
