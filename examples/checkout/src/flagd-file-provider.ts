import { readFile } from 'node:fs/promises';
import { FlagdCore } from '@openfeature/flagd-core';
import type { EvaluationContext, JsonValue, Logger, Provider, ResolutionDetails } from '@openfeature/server-sdk';

/**
 * An OpenFeature server provider that evaluates a flagd flag-definition file
 * (`https://flagd.dev/schema/v0/flags.json`) in-process with flagd's own
 * evaluation engine (`@openfeature/flagd-core`: JSONLogic, `fractional`,
 * `sem_ver`, `starts_with`, ...). No daemon, no network: the file is read once
 * in `initialize()`.
 *
 * Unknown keys resolve to the code default with `FLAG_NOT_FOUND` (the SDK
 * turns the thrown error into an error resolution), disabled flags to the
 * code default with reason `DISABLED`.
 */
export class FlagdFileProvider implements Provider {
  readonly metadata = { name: 'flagd-file' } as const;
  readonly runsOn = 'server' as const;
  private readonly core = new FlagdCore();

  constructor(private readonly path: string) {}

  async initialize(): Promise<void> {
    this.load(await readFile(this.path, 'utf8'));
  }

  /** Replaces the flag set with the given flagd JSON text; returns the keys that changed. */
  load(json: string): string[] {
    try {
      return this.core.setConfigurations(json);
    } catch (error) {
      throw new Error(`${this.path}: invalid flagd definitions: ${(error as Error).message}`);
    }
  }

  async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
    logger: Logger,
  ): Promise<ResolutionDetails<boolean>> {
    return this.core.resolveBooleanEvaluation(flagKey, defaultValue, context, logger);
  }

  async resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
    logger: Logger,
  ): Promise<ResolutionDetails<string>> {
    return this.core.resolveStringEvaluation(flagKey, defaultValue, context, logger);
  }

  async resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
    logger: Logger,
  ): Promise<ResolutionDetails<number>> {
    return this.core.resolveNumberEvaluation(flagKey, defaultValue, context, logger);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
    logger: Logger,
  ): Promise<ResolutionDetails<T>> {
    return this.core.resolveObjectEvaluation(flagKey, defaultValue, context, logger);
  }
}
