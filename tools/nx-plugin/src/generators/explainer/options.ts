import path from 'node:path';
import { glob, readJson, type Tree } from '@nx/devkit';

/** What `nx g @lumen/tools:explainer` accepts (mirrors schema.json). */
export interface ExplainerGeneratorOptions {
  name: string;
  directory?: string;
  scope?: string;
  title?: string;
  skipFormat?: boolean;
}

export interface NormalizedOptions {
  /** kebab-case method name, e.g. 'my-method'. */
  name: string;
  /** The package's folder, relative to the workspace root, with forward slashes. */
  directory: string;
  /** '@lumen' or the team's scope. */
  scope: string;
  packageName: string;
  /** What the plugin registers as: the name, scoped for packages outside Lumen's scope. */
  explainerName: string;
  title: string;
  skipFormat: boolean;
  /** Whether the root package.json's workspaces cover the directory (so npm links it and Nx sees it). */
  inWorkspaces: boolean;
}

export const LUMEN_SCOPE = '@lumen';
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// The part of core's EXPLAINER_NAME_PATTERN that a scope must satisfy.
const SCOPE = /^@[a-z0-9][a-z0-9-]*$/;
const MAX_NAME = 50;
const MAX_TITLE = 80;

function fail(message: string): never {
  throw new Error(`@lumen/tools:explainer: ${message}`);
}

function validateName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') fail('a name is required, e.g. my-method');
  const name = raw.trim();
  if (!KEBAB.test(name)) {
    const suggestion = name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^[-0-9]+|-+$/g, '');
    fail(
      `'${name}' is not a valid name: use lower-case kebab-case starting with a letter${KEBAB.test(suggestion) ? ` (e.g. '${suggestion}')` : ''}`,
    );
  }
  if (name.length > MAX_NAME)
    fail(`'${name}' is too long (${name.length} characters, at most ${MAX_NAME})`);
  if (name.startsWith('plugin-')) {
    fail(
      `drop the 'plugin-' prefix: the package is named <scope>/plugin-<name> already ('${name.slice(7)}')`,
    );
  }
  return name;
}

function validateScope(raw: unknown): string {
  if (raw === undefined || raw === '') return LUMEN_SCOPE;
  if (typeof raw !== 'string') fail('scope must be a string such as @my-team');
  const scope = raw.startsWith('@') ? raw : `@${raw}`;
  if (!SCOPE.test(scope))
    fail(`'${raw}' is not a valid scope: use lower-case letters, digits and dashes, e.g. @my-team`);
  return scope;
}

function validateDirectory(tree: Tree, raw: unknown, fallback: string): string {
  if (raw !== undefined && typeof raw !== 'string') fail('directory must be a path');
  const given = raw === undefined || raw.trim() === '' ? fallback : raw.trim();
  if (path.isAbsolute(given) || /^[a-zA-Z]:/.test(given)) {
    fail(`directory '${given}' must be relative to the workspace root`);
  }
  const directory = path.posix.normalize(given.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (directory === '.' || directory === '' || directory.split('/').includes('..')) {
    fail(`directory '${given}' must name a folder inside the workspace`);
  }
  if (directory.split('/').includes('node_modules'))
    fail(`directory '${given}' is inside node_modules`);
  if (tree.exists(directory) && (tree.isFile(directory) || tree.children(directory).length > 0)) {
    fail(`'${directory}' already exists; choose another name or --directory`);
  }
  return directory;
}

function validateTitle(raw: unknown, name: string): string {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    const words = name.split('-').join(' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  if (typeof raw !== 'string') fail('title must be a string');
  const title = raw.trim();
  if (/[\r\n]/.test(title)) fail('title must fit on one line');
  if (title.length > MAX_TITLE)
    fail(`title is too long (${title.length} characters, at most ${MAX_TITLE})`);
  return title;
}

function packageNameTaken(tree: Tree, packageName: string): string | undefined {
  for (const file of glob(tree, ['**/package.json'])) {
    if (file.split('/').includes('node_modules')) continue;
    let name: unknown;
    try {
      name = readJson<{ name?: unknown }>(tree, file).name;
    } catch {
      continue; // a package.json being edited elsewhere must not stop the generator
    }
    if (name === packageName) return file;
  }
  return undefined;
}

function workspacePatterns(tree: Tree): string[] {
  if (!tree.exists('package.json')) return [];
  const { workspaces } = readJson<{ workspaces?: string[] | { packages?: string[] } }>(
    tree,
    'package.json',
  );
  const patterns = Array.isArray(workspaces) ? workspaces : (workspaces?.packages ?? []);
  return patterns.map((pattern) => pattern.replace(/^\.\//, '').replace(/\/+$/, ''));
}

export function normalizeOptions(
  tree: Tree,
  options: ExplainerGeneratorOptions,
): NormalizedOptions {
  const name = validateName(options.name);
  const scope = validateScope(options.scope);
  const directory = validateDirectory(tree, options.directory, `packages/plugins/${name}`);
  const title = validateTitle(options.title, name);
  const packageName = `${scope}/plugin-${name}`;
  const taken = packageNameTaken(tree, packageName);
  if (taken)
    fail(`package ${packageName} exists already (${taken}); choose another name or --scope`);
  return {
    name,
    directory,
    scope,
    packageName,
    explainerName: scope === LUMEN_SCOPE ? name : `${scope}/${name}`,
    title,
    skipFormat: options.skipFormat ?? false,
    inWorkspaces: workspacePatterns(tree).some((pattern) =>
      path.posix.matchesGlob(directory, pattern),
    ),
  };
}
