import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, parseConfig } from '../../src/code/load-config';
import { aviaryConfigJsonSchema } from '../../src/code/sdk-config';
import { writeTree } from './write-tree';

describe('aviary.config', () => {
  it('fills defaults: all presets, Unleash lifetimes', () => {
    const config = defaultConfig();
    expect(config.presets).toEqual(['openfeature', 'launchdarkly', 'unleash']);
    expect(config.staleness.lifetimes).toEqual({
      release: 40,
      experiment: 40,
      operational: 7,
      'kill-switch': null,
      permission: null,
    });
  });

  it('reads YAML with custom APIs and lifetimes', () => {
    const yaml = [
      'presets: [openfeature]',
      'apis:',
      '  - { sdk: acme, kind: method, name: isOn, valueKind: boolean, defaultArg: 1 }',
      'definitions: [flags/flags.json]',
      'engine: { url: "http://127.0.0.1:4318" }',
      'staleness:',
      '  rolledOutDays: 14',
      '  lifetimes: { release: 60, permission: null }',
    ].join('\n');
    const config = parseConfig(yaml, 'aviary.config.yaml');
    expect(config.apis[0]).toMatchObject({ sdk: 'acme', name: 'isOn', defaultArg: 1 });
    expect(config.staleness).toMatchObject({
      rolledOutDays: 14,
      noEvaluationDays: 30,
      lifetimes: { release: 60, permission: null },
    });
    expect(config.engine?.url).toBe('http://127.0.0.1:4318');
  });

  it('says which file, line and field is wrong', () => {
    const json =
      '{\n  "presets": ["openfeature"],\n  "apis": [\n    { "sdk": "x", "kind": "macro", "name": "f", "valueKind": "boolean" }\n  ]\n}';
    expect(() => parseConfig(json, 'aviary.config.json')).toThrow(ConfigError);
    expect(() => parseConfig(json, 'aviary.config.json')).toThrow(/^aviary\.config\.json:4: apis\.0\.kind: /);
    expect(() => parseConfig('{"presets": ["growthbook"]}', 'c.json')).toThrow(/c\.json:1: presets\.0: /);
    expect(() => parseConfig('{"unknownField": 1}', 'c.json')).toThrow(/unknownField/);
    expect(() => parseConfig('{"presets": [', 'c.json')).toThrow(/^c\.json:1:\d+: /);
  });

  it('finds aviary.config.json in a folder', () => {
    const tree = writeTree({ 'aviary.config.json': '{"presets": ["unleash"]}' });
    try {
      const { config, file } = loadConfig({ dir: tree.root });
      expect(config.presets).toEqual(['unleash']);
      expect(file).toMatch(/aviary\.config\.json$/);
      expect(loadConfig({ dir: `${tree.root}/nowhere` }).file).toBeNull();
    } finally {
      tree.remove();
    }
  });

  it('ships a JSON Schema that matches the zod schema', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/aviary-config.schema.json', import.meta.url), 'utf8'),
    );
    // Regenerate with: npx tsx -e "…aviaryConfigJsonSchema()…" (see engine/src/code/sdk-config.ts)
    expect(committed).toEqual(aviaryConfigJsonSchema());
    expect(committed.properties.presets.items.enum).toEqual(['openfeature', 'launchdarkly', 'unleash']);
  });
});
