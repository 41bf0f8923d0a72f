import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ts from 'typescript';
import { logger, readJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { EXPLAINER_NAME_PATTERN } from '@lumen/core';
import { explainerGenerator } from './generator.ts';
import type { ExplainerGeneratorOptions } from './options.ts';

const WORKSPACE_ROOT = path.resolve(import.meta.dirname, '../../../../..');

const GENERATED = [
  'README.md',
  'package.json',
  'src/index.ts',
  'src/my-method.test.ts',
  'src/my-method.ts',
  'tsconfig.json',
  'vitest.config.ts',
];

function filesUnder(tree: Tree, dir: string): string[] {
  return tree
    .listChanges()
    .filter((change) => change.type === 'CREATE' && change.path.startsWith(`${dir}/`))
    .map((change) => change.path.slice(dir.length + 1))
    .sort();
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map(
    (m) => m[1] as string,
  );
}

/** The values of every `key: 'string literal'` property in a TypeScript source, in order. */
function stringProperties(source: string, key: string): string[] {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(file) === key &&
      ts.isStringLiteralLike(node.initializer)
    ) {
      found.push(node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function syntaxErrors(file: string, source: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
  });
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('nx g @lumen/tools:explainer', () => {
  let tree: Tree;
  const generate = (options: Partial<ExplainerGeneratorOptions> = {}) =>
    explainerGenerator(tree, { name: 'my-method', skipFormat: true, ...options });

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    writeJson(tree, 'package.json', {
      name: 'workspace',
      private: true,
      workspaces: ['packages/core', 'packages/plugins/*', 'examples/*'],
    });
    writeJson(tree, 'packages/core/package.json', { name: '@lumen/core' });
    // Like the repository: Prettier with its config (the empty workspace comes set up for oxfmt).
    tree.delete('.oxfmtrc.json');
    tree.write(
      '.prettierrc.json',
      readFileSync(path.join(WORKSPACE_ROOT, '.prettierrc.json'), 'utf-8'),
    );
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('scaffolds a plugin package under packages/plugins/<name>, laid out like grad-cam', async () => {
    await generate();
    const dir = 'packages/plugins/my-method';
    expect(filesUnder(tree, dir)).toEqual(GENERATED);
    const pkg = readJson(tree, `${dir}/package.json`);
    expect(pkg).toMatchObject({
      name: '@lumen/plugin-my-method',
      type: 'module',
      exports: { '.': './src/index.ts', './package.json': './package.json' },
      scripts: { test: 'vitest run', typecheck: 'tsc -p tsconfig.json', lint: 'eslint src' },
      dependencies: { '@lumen/core': '*' },
      nx: { tags: ['type:plugin'] },
    });
    expect(Object.keys(pkg.dependencies)).toEqual(['@lumen/core']);
    expect(readJson(tree, `${dir}/tsconfig.json`)).toEqual({
      extends: '../../../tsconfig.base.json',
      include: ['src', 'vitest.config.ts'],
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('writes an explainer against the public API only, and a test running the conformance kit', async () => {
    await generate();
    const read = (file: string) =>
      tree.read(`packages/plugins/my-method/${file}`, 'utf-8') as string;
    const source = read('src/my-method.ts');
    const test = read('src/my-method.test.ts');
    expect(source).toMatch(/export const myMethod = defineExplainer</);
    expect(source).toMatch(/name: 'my-method',/);
    expect(source).toMatch(/title: 'My method',/);
    expect(importsOf(source)).toEqual(['@lumen/core']);
    expect(importsOf(test).sort()).toEqual([
      './my-method.ts',
      '@lumen/core',
      '@lumen/core/testing',
      'node:fs',
      'node:path',
      'vitest',
    ]);
    expect(test).toMatch(/describeExplainerConformance\(\{\s*explainer: myMethod,/);
    expect(read('src/index.ts')).toMatch(
      /export \{ myMethod as default \} from '\.\/my-method\.ts';/,
    );
    for (const file of GENERATED) {
      expect(read(file), file).not.toMatch(/<%|%>|__\w+__/);
      if (file.endsWith('.ts')) expect(syntaxErrors(file, read(file)), file).toEqual([]);
    }
  });

  it('documents the method, every param with its default, and the cost', async () => {
    await generate();
    const readme = tree.read('packages/plugins/my-method/README.md', 'utf-8') as string;
    expect(readme).toMatch(/^# @lumen\/plugin-my-method — My method/);
    expect(readme).toMatch(/explainer name `my-method`/);
    for (const [param, value] of [
      ['grid', '8'],
      ['baseline', '0'],
      ['score', "'probability'"],
    ]) {
      expect(readme).toMatch(new RegExp(`\\| \`${param}\`\\s*\\| \`${value}\``));
    }
    expect(readme).toMatch(/## Cost\s+`grid \* grid \+ 1` forward passes/);
  });

  it('puts the package in --directory, with tsconfig pointing back to the root', async () => {
    await generate({ directory: 'teams/vision/saliency-tools/my-method/' });
    const dir = 'teams/vision/saliency-tools/my-method';
    expect(filesUnder(tree, dir)).toEqual(GENERATED);
    expect(readJson(tree, `${dir}/tsconfig.json`).extends).toBe('../../../../tsconfig.base.json');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/not covered by the "workspaces"/),
    );
  });

  it('stays quiet about workspaces when --directory is covered by them', async () => {
    await generate({ directory: 'examples/my-method' });
    expect(readJson(tree, 'examples/my-method/tsconfig.json').extends).toBe(
      '../../tsconfig.base.json',
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('scopes both the package and the explainer name with --scope', async () => {
    await generate({ scope: 'vision-team' });
    const pkg = readJson(tree, 'packages/plugins/my-method/package.json');
    expect(pkg.name).toBe('@vision-team/plugin-my-method');
    const source = tree.read('packages/plugins/my-method/src/my-method.ts', 'utf-8') as string;
    const [name] = stringProperties(source, 'name');
    expect(name).toBe('@vision-team/my-method');
    expect(EXPLAINER_NAME_PATTERN.test(name as string)).toBe(true);
  });

  it('escapes a title with quotes and backslashes into valid TypeScript', async () => {
    const title = "Bob's \\ method";
    await generate({ title });
    const source = tree.read('packages/plugins/my-method/src/my-method.ts', 'utf-8') as string;
    expect(syntaxErrors('my-method.ts', source)).toEqual([]);
    expect(stringProperties(source, 'title')[0]).toBe(title);
    const readme = tree.read('packages/plugins/my-method/README.md', 'utf-8') as string;
    expect(readme.split('\n')[0]).toBe(`# @lumen/plugin-my-method — ${title}`);
    expect(readJson(tree, 'packages/plugins/my-method/package.json').description).toBe(
      `${title}: an explainer plugin for Lumen.`,
    );
  });

  it('formats the files with the workspace Prettier config unless --skipFormat', async () => {
    const longest = (file: string) =>
      Math.max(...(tree.read(file, 'utf-8') as string).split('\n').map((l) => l.length));
    await generate({ directory: 'packages/plugins/raw' });
    expect(longest('packages/plugins/raw/src/my-method.test.ts')).toBeGreaterThan(100);
    await explainerGenerator(tree, { name: 'other-method' });
    expect(longest('packages/plugins/other-method/src/other-method.test.ts')).toBeLessThanOrEqual(
      100,
    );
  });

  it.each([
    [{ name: 'MyMethod' }, /'MyMethod' is not a valid name.*e\.g\. 'my-method'/],
    [{ name: 'my_method' }, /not a valid name.*'my-method'/],
    [{ name: '2d-occlusion' }, /not a valid name/],
    [{ name: '' }, /a name is required/],
    [{ name: 'plugin-foo' }, /drop the 'plugin-' prefix.*'foo'/],
    [{ name: `m${'-x'.repeat(30)}` }, /too long/],
    [{ scope: 'Vision Team' }, /not a valid scope/],
    [{ scope: '@team.dots' }, /not a valid scope/],
    [{ directory: '../outside' }, /inside the workspace/],
    [{ directory: 'packages/../../outside' }, /inside the workspace/],
    [{ directory: '/tmp/plugin' }, /relative to the workspace root/],
    [{ directory: 'node_modules/x' }, /inside node_modules/],
    [{ title: 'two\nlines' }, /one line/],
  ] as const)('refuses %o', async (options, message) => {
    await expect(generate(options)).rejects.toThrow(message);
    expect(
      tree.listChanges().filter((c) => c.path.includes('my-method') || c.path.includes('foo')),
    ).toEqual([]);
  });

  it('is not stopped by an unreadable package.json elsewhere in the workspace', async () => {
    tree.write('apps/half-written/package.json', '{ "name": ');
    await generate();
    expect(tree.exists('packages/plugins/my-method/src/my-method.ts')).toBe(true);
  });

  it('refuses to write into a folder that has files, or to reuse a package name', async () => {
    tree.write('packages/plugins/my-method/notes.txt', 'mine');
    await expect(generate()).rejects.toThrow(/'packages\/plugins\/my-method' already exists/);
    writeJson(tree, 'teams/other/package.json', { name: '@lumen/plugin-my-method' });
    await expect(generate({ directory: 'teams/mine/my-method' })).rejects.toThrow(
      /package @lumen\/plugin-my-method exists already \(teams\/other\/package\.json\)/,
    );
  });
});
