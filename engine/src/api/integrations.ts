import { analyzeWindow } from '../analysis/analyze-window';
import {
  type AnalysisDefinition,
  loadAnalysesFile,
  parseAnalysisBody,
  type WebhookTarget,
} from '../continuous/analysis-definition';
import {
  type AnalyzeWindow,
  type ContinuousAnalysis,
  createContinuousAnalysis,
} from '../continuous/continuous-analysis';
import { openGateDecisions } from '../continuous/gate-decisions';
import { type JudgementHistory, openJudgementHistory } from '../continuous/judgement-history';
import { createVerdictService } from '../continuous/verdict-service';
import { createWebhookDispatcher, type WebhookDispatcherOptions } from '../continuous/webhook-dispatcher';
import type { MetricProvider } from '../providers/metric-provider';
import { createPrometheusProvider } from '../providers/prometheus/prometheus-provider';
import { createStoreProvider } from '../providers/store/store-provider';
import type { Store } from '../store/store';
import type { RouteFactory, ServerServices } from './route';
import { analysesRoutes } from './routes/analyses';
import { flaggerRoutes } from './routes/flagger';
import { kayentaRoutes } from './routes/kayenta';
import { verdictRoutes } from './routes/verdict';

export interface IntegrationOptions {
  /** `--analyses FILE`: analyses (and global webhooks) judged continuously. */
  analysesFile?: string;
  /** Extra webhook targets for every analysis (`--webhook URL`, `--webhook-secret-env`); each needs a secret. */
  webhooks?: WebhookTarget[];
  /** The embedded store as a `MetricProvider`; default `createStoreProvider`. */
  storeProvider?: (store: Store) => MetricProvider;
  /** Default: `analyzeWindow`. */
  analyze?: AnalyzeWindow;
  webhookDelivery?: WebhookDispatcherOptions;
}

/** What a running server exposes to embedders and tests. */
export interface IntegrationHandle {
  continuous: ContinuousAnalysis;
  history: JudgementHistory;
}

/**
 * Wires continuous analysis and the Argo Rollouts, Flagger and Kayenta
 * contracts into `startServer`: `startServer({ ...opts, routes: integrations.routes })`.
 * The analyses file is validated here (throwing with every problem listed), and
 * every webhook must have a signing key;
 * at start-up the analyses declared through the API are restored; on close the
 * schedule stops and webhook deliveries drain. Auth and rate limits come from
 * `authMiddlewareFactory` (registered in `registry.ts`).
 */
export function createIntegrations(options: IntegrationOptions = {}) {
  const analyze = options.analyze ?? analyzeWindow;
  let handle: IntegrationHandle | null = null;
  const loaded = options.analysesFile ? loadAnalysesFile(options.analysesFile) : null;
  if (loaded && !loaded.ok) throw new Error(`invalid analyses file:\n  ${loaded.issues.join('\n  ')}`);
  const unsigned = (options.webhooks ?? []).filter((hook) => !hook.secret).map((hook) => hook.url);
  if (unsigned.length > 0) {
    throw new Error(
      `--webhook ${unsigned.join(', ')}: no signing key; pass --webhook-secret-env NAME (verdict events are always signed with HMAC-SHA256)`,
    );
  }

  const routes: RouteFactory = (server: ServerServices) => {
    const history = openJudgementHistory(server.store.db);
    const decisions = openGateDecisions(server.store.db);
    const dispatcher = createWebhookDispatcher({
      ...options.webhookDelivery,
      onDelivery: (record) => {
        options.webhookDelivery?.onDelivery?.(record);
        if (record.outcome !== 'delivered') {
          server.log(
            `webhook ${record.url} event ${record.eventId} attempt ${record.attempt}: ${record.outcome} (${record.status ?? record.error})`,
          );
        }
      },
    });
    const providerFor = (definition: AnalysisDefinition): MetricProvider => {
      if (definition.source === 'store') {
        return (options.storeProvider ?? createStoreProvider)(server.store);
      }
      return createPrometheusProvider(definition.source.prometheus, {
        roles: { baseline: definition.baseline, canary: definition.canary },
      });
    };
    const continuous = createContinuousAnalysis({
      history,
      dispatcher,
      analyze,
      providerFor,
      webhooks: [...(loaded?.ok ? loaded.value.webhooks : []), ...(options.webhooks ?? [])],
      onError: (id, error) => server.log(`analysis ${id}: ${error instanceof Error ? error.message : error}`),
    });
    for (const definition of loaded?.ok ? loaded.value.analyses : []) continuous.add(definition, 'file');
    for (const stored of history.analyses('api')) {
      const restored = parseAnalysisBody(stored.input);
      if (restored.ok) continuous.add(restored.value, 'api');
      else server.log(`analysis ${stored.id}: not restored: ${restored.issues.join('; ')}`);
    }
    continuous.start();
    server.onClose.push(async () => {
      await continuous.stop();
      await dispatcher.drain(5000);
      dispatcher.close();
    });
    handle = { continuous, history };
    const service = createVerdictService({ continuous, analyze, providerFor });
    return [
      ...verdictRoutes(service)(server),
      ...flaggerRoutes(service, decisions)(server),
      ...analysesRoutes(continuous, history)(server),
      ...kayentaRoutes(server),
    ];
  };

  return {
    routes: [routes],
    /** The running continuous analysis (after the server started). */
    handle: (): IntegrationHandle | null => handle,
  };
}
