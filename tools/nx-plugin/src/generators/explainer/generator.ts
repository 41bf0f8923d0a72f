import path from 'node:path';
import {
  formatFiles,
  generateFiles,
  logger,
  names,
  offsetFromRoot,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import {
  normalizeOptions,
  type ExplainerGeneratorOptions,
  type NormalizedOptions,
} from './options.ts';

const TEMPLATES = path.join(import.meta.dirname, 'files');

/** A single-quoted TypeScript string literal. */
function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function nextSteps(options: NormalizedOptions): string {
  const config = options.inWorkspaces
    ? `"${options.packageName}" (after 'npm install' links the new workspace package) or "./${options.directory}/src/index.ts"`
    : `"./${options.directory}/src/index.ts"`;
  return [
    `Created ${options.packageName} in ${options.directory} (explainer '${options.explainerName}', example method: grid occlusion).`,
    `  cd ${options.directory} && npx vitest run && npx tsc -p tsconfig.json && npx eslint src`,
    `  Register it: add ${config} to the "plugins" list of a lumen.config.json, then: npx lumen --config <that file> plugins list`,
    '  Guide: docs/writing-a-plugin.md',
  ].join('\n');
}

/** Scaffold an explainer plugin package: example method, README, conformance and known-answer tests. */
export async function explainerGenerator(
  tree: Tree,
  raw: ExplainerGeneratorOptions,
): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, raw);
  const { fileName, propertyName, className } = names(options.name);
  generateFiles(tree, TEMPLATES, options.directory, {
    ...options,
    fileName,
    propertyName,
    className,
    offsetFromRoot: offsetFromRoot(options.directory),
    tsString,
  });
  if (!options.inWorkspaces) {
    logger.warn(
      `${options.directory} is not covered by the "workspaces" of the root package.json: npm will not link ${options.packageName} and Nx will not see it as a project (so lint cannot check its dependencies). Add the folder (or a pattern for it) to "workspaces".`,
    );
  }
  if (!options.skipFormat) await formatFiles(tree);
  return () => logger.info(nextSteps(options));
}

export default explainerGenerator;
