import { describe, expect, it } from 'vitest';
import * as compare from './compare/documents.ts';
import * as models from './models/documents.ts';
import * as newRun from './new-run/documents.ts';
import * as plugins from './plugins/documents.ts';
import * as runs from './runs/documents.ts';
import * as shared from './shared/documents.ts';
import * as workers from './workers/documents.ts';

/**
 * `graphql(source)` looks the source text up in the generated map: after any edit to a
 * document (reformatting included) the map must be regenerated (`npm run codegen`), or the
 * lookup yields undefined at run time. This catches that before a browser does.
 */
describe('GraphQL documents', () => {
  const modules = { compare, models, newRun, plugins, runs, shared, workers };
  for (const [feature, exports] of Object.entries(modules)) {
    it(`${feature}: every document matches the generated code`, () => {
      const documents = Object.entries(exports);
      expect(documents.length).toBeGreaterThan(0);
      for (const [name, document] of documents) {
        expect(
          document,
          `${feature}.${name} is missing from src/generated: run npm run codegen`,
        ).toBeDefined();
        expect(String(document), name).toMatch(/^\s*(query|mutation|fragment) /);
      }
    });
  }
});
