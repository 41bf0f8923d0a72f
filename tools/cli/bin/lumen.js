#!/usr/bin/env node
// Lumen runs its TypeScript sources directly (Node's type stripping, on by default from 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `lumen: error: Node ${process.versions.node} is too old; Lumen needs Node >= 22.18 (the repo carries Node 24: run it through npm, e.g. 'npx lumen ...').\n`,
  );
  process.exit(1);
}
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
