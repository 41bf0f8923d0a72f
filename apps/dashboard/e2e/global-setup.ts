import type { TestProject } from 'vitest/node';
import { ensureChromium } from './browser.ts';
import { startStack, type Stack, type StackInfo } from './stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

let stack: Stack | undefined;

export async function setup(project: TestProject): Promise<void> {
  ensureChromium();
  stack = await startStack();
  project.provide('stack', stack.info);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
