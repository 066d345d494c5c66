import type { Estimate } from './harm-test';

/**
 * A compared quantity per cohort (mean, ratio, quantile) and, for any coefficients, the estimate and standard
 * error of the linear contrast `sc·canary - kb·baseline - offset`. Every harm and safety test is such a contrast.
 */
export interface ContrastSource {
  baseline: number;
  canary: number;
  n: { baseline: number; canary: number };
  /** Name of the test used, for the judgement. */
  test: string;
  contrast(sc: number, kb: number, offset: number): Estimate;
}
