/** The minimal canary config of issue 3, as YAML text (line numbers matter to tests). */
export const MINIMAL_CONFIG = `name: checkout
alpha: 0.05
minSamples: 30
thresholds: { pass: 95, marginal: 75 }
metrics:
  - name: latency
    kind: continuous
    direction: increase
    margin: { relative: 0.05 }
    critical: true
  - name: errors
    kind: rate
    direction: increase
    margin: { relative: 0.2 }
    mustHaveData: true
`;
