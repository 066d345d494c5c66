import type { ApiSpec, PresetName } from './sdk-config';

const OPENFEATURE_REACT = ['@openfeature/react-sdk'];
const LAUNCHDARKLY = [
  '@launchdarkly/node-server-sdk',
  '@launchdarkly/js-client-sdk',
  '@launchdarkly/js-server-sdk-common',
  '@launchdarkly/js-client-sdk-common',
  '@launchdarkly/react-native-client-sdk',
  'launchdarkly-js-client-sdk',
  'launchdarkly-node-server-sdk',
  'launchdarkly-react-client-sdk',
];
const LAUNCHDARKLY_REACT = ['launchdarkly-react-client-sdk'];
const UNLEASH_NODE = ['unleash-client'];
const UNLEASH_REACT = ['@unleash/proxy-client-react', 'unleash-proxy-client'];

const kinds = [
  ['Boolean', 'boolean'],
  ['String', 'string'],
  ['Number', 'number'],
  ['Object', 'object'],
] as const;

function openFeature(): ApiSpec[] {
  const specs: ApiSpec[] = [];
  for (const [name, valueKind] of kinds) {
    for (const suffix of ['Value', 'Details']) {
      // Server and web clients, however created or passed around: the names are distinctive.
      specs.push({
        sdk: 'openfeature',
        kind: 'method',
        name: `get${name}${suffix}`,
        keyArg: 0,
        defaultArg: 1,
        valueKind,
      });
      specs.push({
        sdk: 'openfeature',
        kind: 'function',
        name: `use${name}Flag${suffix}`,
        modules: OPENFEATURE_REACT,
        keyArg: 0,
        defaultArg: 1,
        valueKind,
      });
    }
  }
  for (const name of ['useFlag', 'useSuspenseFlag']) {
    specs.push({
      sdk: 'openfeature',
      kind: 'function',
      name,
      modules: OPENFEATURE_REACT,
      keyArg: 0,
      defaultArg: 1,
      valueKind: 'infer',
    });
  }
  specs.push({
    sdk: 'openfeature',
    kind: 'component',
    name: 'FeatureFlag',
    modules: OPENFEATURE_REACT,
    keyProp: 'flagKey',
    defaultProp: 'defaultValue',
    valueKind: 'infer',
  });
  return specs;
}

function launchDarkly(): ApiSpec[] {
  const specs: ApiSpec[] = [];
  const methods: Array<[string, ApiSpec['valueKind']]> = [
    ['variation', 'infer'],
    ['variationDetail', 'infer'],
    ['boolVariation', 'boolean'],
    ['boolVariationDetail', 'boolean'],
    ['stringVariation', 'string'],
    ['stringVariationDetail', 'string'],
    ['numberVariation', 'number'],
    ['numberVariationDetail', 'number'],
    ['jsonVariation', 'object'],
    ['jsonVariationDetail', 'object'],
  ];
  for (const [name, valueKind] of methods) {
    // Server: (key, context, default); client: (key, default). The default is the last argument either way.
    specs.push({
      sdk: 'launchdarkly',
      kind: 'method',
      name,
      modules: LAUNCHDARKLY,
      requireImport: name === 'variation' || name === 'variationDetail',
      keyArg: 0,
      defaultArg: 'last',
      valueKind,
    });
  }
  specs.push({
    sdk: 'launchdarkly',
    kind: 'destructure',
    name: 'useFlags',
    modules: LAUNCHDARKLY_REACT,
    keyCase: 'camel',
    defaultArg: null,
    valueKind: 'unknown',
  });
  return specs;
}

function unleash(): ApiSpec[] {
  return [
    {
      sdk: 'unleash',
      kind: 'method',
      name: 'isEnabled',
      modules: [...UNLEASH_NODE, ...UNLEASH_REACT],
      requireImport: true,
      keyArg: 0,
      defaultArg: 2,
      valueKind: 'boolean',
    },
    {
      sdk: 'unleash',
      kind: 'method',
      name: 'getVariant',
      modules: [...UNLEASH_NODE, ...UNLEASH_REACT],
      requireImport: true,
      keyArg: 0,
      defaultArg: 2,
      valueKind: 'object',
    },
    {
      sdk: 'unleash',
      kind: 'function',
      name: 'isEnabled',
      modules: UNLEASH_NODE,
      keyArg: 0,
      defaultArg: 2,
      valueKind: 'boolean',
    },
    {
      sdk: 'unleash',
      kind: 'function',
      name: 'getVariant',
      modules: UNLEASH_NODE,
      keyArg: 0,
      defaultArg: 2,
      valueKind: 'object',
    },
    {
      sdk: 'unleash',
      kind: 'function',
      name: 'useFlag',
      modules: UNLEASH_REACT,
      keyArg: 0,
      defaultArg: null,
      valueKind: 'boolean',
    },
    {
      sdk: 'unleash',
      kind: 'function',
      name: 'useVariant',
      modules: UNLEASH_REACT,
      keyArg: 0,
      defaultArg: null,
      valueKind: 'object',
    },
  ];
}

/** Built-in call shapes per SDK (see `flag-code-anchors.md` §6 for the signatures). */
export const PRESETS: Record<PresetName, () => ApiSpec[]> = {
  openfeature: openFeature,
  launchdarkly: launchDarkly,
  unleash,
};

/** The presets' specs followed by the custom ones. */
export function resolveApiSpecs(presets: readonly PresetName[], custom: readonly ApiSpec[]): ApiSpec[] {
  return [...presets.flatMap((name) => PRESETS[name]()), ...custom];
}
