import type { FlagWrapper } from './flag-reference';
import type { ApiSpec } from './sdk-config';

/** The configured call shapes indexed by name, plus wrappers discovered in the code. */
export interface ApiMatcher {
  methods: ReadonlyMap<string, readonly ApiSpec[]>;
  functions: ReadonlyMap<string, readonly ApiSpec[]>;
  components: ReadonlyMap<string, readonly ApiSpec[]>;
  destructures: ReadonlyMap<string, readonly ApiSpec[]>;
  /** Wrappers that take the key as a parameter, by name (a method wrapper `Flags.isOn` is listed as `isOn`). */
  wrappers: ReadonlyMap<string, FlagWrapper>;
  /** Every identifier whose presence makes a file worth parsing. */
  names: readonly string[];
  /** Matches any of `names` as a whole word (global: use with `matchAll`). */
  namePattern: RegExp;
}

function group(specs: readonly ApiSpec[], kind: ApiSpec['kind']): Map<string, ApiSpec[]> {
  const map = new Map<string, ApiSpec[]>();
  for (const spec of specs) {
    if (spec.kind !== kind) continue;
    const list = map.get(spec.name) ?? [];
    list.push(spec);
    map.set(spec.name, list);
  }
  return map;
}

/** The short name a wrapper is called by: `Flags.isOn` is called as `flags.isOn(...)`. */
export function wrapperCallName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
}

export function createApiMatcher(specs: readonly ApiSpec[], wrappers: readonly FlagWrapper[] = []): ApiMatcher {
  const wrapperMap = new Map<string, FlagWrapper>();
  for (const wrapper of wrappers) {
    if (wrapper.keyArg !== null) wrapperMap.set(wrapperCallName(wrapper.name), wrapper);
  }
  const names = new Set<string>([...specs.map((s) => s.name), ...wrapperMap.keys()]);
  return {
    methods: group(specs, 'method'),
    functions: group(specs, 'function'),
    components: group(specs, 'component'),
    destructures: group(specs, 'destructure'),
    wrappers: wrapperMap,
    names: [...names],
    namePattern: namesRegExp([...names], 'g'),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A text prefilter: a file is parsed only if one of the API names occurs in it as a whole word.
 * One alternation regex (V8 compiles it to a single automaton-like matcher) is far cheaper than a parse.
 */
export function createPrefilter(names: readonly string[]): (text: string) => boolean {
  if (names.length === 0) return () => false;
  const pattern = namesRegExp(names, '');
  return (text) => pattern.test(text);
}

function namesRegExp(names: readonly string[], flags: string): RegExp {
  const unique = [...new Set(names)];
  return unique.length === 0 ? /(?!)/g : new RegExp(`\\b(?:${unique.map(escapeRegExp).join('|')})\\b`, flags);
}
