import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, GraphQLRequestError } from '../testing/api-client.ts';
import { patternImages } from '../testing/fixtures.ts';
import { startTestStack, type TestStack, type TestTeam } from '../testing/harness.ts';
import { RUN_PROGRESS, addImages } from '../testing/operations.ts';

const MAX_DEPTH = 6;
const MAX_COMPLEXITY = 2000;

let stack: TestStack;
let team: TestTeam;

beforeAll(async () => {
  stack = await startTestStack({
    label: 'guards',
    workers: 0,
    env: {
      LUMEN_MAX_QUERY_DEPTH: String(MAX_DEPTH),
      LUMEN_MAX_QUERY_COMPLEXITY: String(MAX_COMPLEXITY),
      LUMEN_INTROSPECTION: 'false',
    },
  });
  team = await stack.createTeam('Delta');
});

afterAll(async () => {
  await stack?.close();
});

/** What a response must never carry: stacks, SQL, ORM or driver internals, file paths. */
const INTERNALS =
  /stack|prisma|SELECT |INSERT |UPDATE |invocation|does not exist in the current database|relation "|\.ts:\d|node_modules|at async|Error:/i;

describe('authentication', () => {
  it('answers a GraphQL request without an API key with 401 UNAUTHENTICATED', async () => {
    const result = await stack.anonymous.request('{ me { id } }');
    expect(result.status).toBe(401);
    expect(result.data).toBeNull();
    expect(result.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a malformed key, an unknown key and a revoked key alike', async () => {
    const forged = `${team.key.slice(0, -4)}AAAA`;
    for (const key of ['lmn_nonsense', forged]) {
      const result = await new ApiClient(stack.url, key).request('{ me { id } }');
      expect(result.status).toBe(401);
      expect(result.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const revoked = await stack.createTeam('Revoked');
    expect((await revoked.client.request('{ me { id } }')).status).toBe(200);
    await stack.app.db.apiKey.updateMany({
      where: { teamId: revoked.id },
      data: { revokedAt: new Date() },
    });
    expect((await revoked.client.request('{ me { id } }')).status).toBe(401);
  });

  it('refuses uploads and blob downloads without a key (401), storing nothing', async () => {
    const before = await stack.app.db.upload.count();
    const upload = await stack.anonymous.upload([{ name: 'a.png', bytes: new Uint8Array(16) }]);
    expect(upload.status).toBe(401);
    expect(upload.error?.code).toBe('UNAUTHENTICATED');
    expect(await stack.app.db.upload.count()).toBe(before);
    const [image] = await addImages(team.client, await patternImages(1));
    expect((await team.client.get(image!.url)).status).toBe(200);
    expect((await stack.anonymous.get(image!.url)).status).toBe(401);
  });

  it('resolves the key to its team', async () => {
    const data = await team.client.data<{ me: { id: string; slug: string } }>('{ me { id slug } }');
    expect(data.me).toEqual({ id: team.id, slug: 'delta' });
  });
});

describe('query limits', () => {
  it(`rejects a query nested deeper than ${MAX_DEPTH} levels before running it`, async () => {
    const deep =
      '{ models { versions { model { versions { model { versions { model { id } } } } } } } }';
    const result = await team.client.request(deep);
    expect(result.status).toBe(400);
    expect(result.data).toBeNull();
    expect(result.errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors[0]?.message).toMatch(/depth/i);
    const shallow = await team.client.request('{ models { versions { model { id } } } }');
    expect(shallow.errors).toEqual([]);
  });

  it('rejects a query whose estimated cost is over the limit with QUERY_TOO_COMPLEX, as a client error', async () => {
    const abusive =
      '{ runs(first: 200) { edges { node { id explanations(first: 1000) { edges { node { id } } } } } } }';
    const result = await team.client.request(abusive);
    expect(result.data).toBeNull();
    expect(result.errors[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors[0]?.extensions?.['max']).toBe(MAX_COMPLEXITY);
    expect(result.status).toBe(400);
    const modest = await team.client.request(
      '{ runs(first: 5) { edges { node { id explanations(first: 10) { edges { node { id } } } } } } }',
    );
    expect(modest.errors).toEqual([]);
  });

  it('counts page sizes given as variables too', async () => {
    const query =
      'query ($n: Int) { runs(first: $n) { edges { node { id explanations(first: $n) { edges { node { id } } } } } } }';
    const result = await team.client.request(query, { n: 150 });
    expect(result.errors[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('request hygiene', () => {
  it('blocks a simple (CSRF-able) request: a GraphQL GET without a preflight header', async () => {
    const response = await fetch(
      `${stack.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`,
      { headers: { authorization: `Bearer ${team.key}` } },
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Cross-Site Request Forgery/i);
  });

  it('turns introspection off when configured (LUMEN_INTROSPECTION=false)', async () => {
    const result = await team.client.request('{ __schema { types { name } } }');
    expect(result.data).toBeNull();
    expect(result.errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a malformed id as BAD_USER_INPUT, field by field, not as an internal error', async () => {
    const result = await team.client.request<{
      me: { id: string };
      run: null;
      model: null;
      explanation: null;
    }>(
      '{ me { id } run(id: "not-a-uuid") { id } model(id: "x") { id } explanation(id: "1") { id } }',
    );
    expect(result.data).toEqual({ me: { id: team.id }, run: null, model: null, explanation: null });
    expect(result.errors.map((e) => [e.path?.[0], e.extensions?.code]).sort()).toEqual([
      ['explanation', 'BAD_USER_INPUT'],
      ['model', 'BAD_USER_INPUT'],
      ['run', 'BAD_USER_INPUT'],
    ]);
    expect(result.text).not.toMatch(INTERNALS);
    const unknown = await team.client.request(
      '{ run(id: "00000000-0000-4000-8000-000000000000") { id } }',
    );
    expect(unknown.errors).toEqual([]);
    expect(unknown.data).toEqual({ run: null });
  });

  it('refuses malformed ids inside mutation inputs (lists included) before touching the database', async () => {
    const result = await team.client.request(
      'mutation { createRun(input: { modelVersionId: "00000000-0000-4000-8000-000000000000", imageIds: ["00000000-0000-4000-8000-000000000001", "nope"], methods: [{ name: "saliency" }] }) { created } }',
    );
    expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors[0]?.message).toMatch(/input\.imageIds\[1\]: "nope"/);
    const cancel = await team.client.request(
      'mutation ($id: ID!) { cancelRun(id: $id) { run { id } } }',
      { id: 'x' },
    );
    expect(cancel.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.logs.join('\n')).not.toMatch(/invalid input syntax for type uuid/);
    expect((await team.client.get('/v1/explanations/not-a-uuid/overlay.png')).status).toBe(404);
  });
});

describe('expected errors thrown by queries', () => {
  it('keep their own code and message (not masked as internal errors)', async () => {
    const result = await team.client.request('{ runs(first: 0) { totalCount } }');
    expect(result.errors[0]).toMatchObject({
      extensions: { code: 'INVALID_INPUT' },
      message: expect.stringMatching(/first is an integer from 1 to 200/),
    });
  });
});

describe('unexpected errors', () => {
  it('come back as INTERNAL_SERVER_ERROR without internals, while the log keeps the details', async () => {
    const db = stack.app.db;
    await db.$executeRawUnsafe('ALTER TABLE "Team" RENAME COLUMN "slug" TO "slug_moved"');
    let result;
    try {
      result = await team.client.request<{ me: unknown }>('{ me { id slug } }');
    } finally {
      await db.$executeRawUnsafe('ALTER TABLE "Team" RENAME COLUMN "slug_moved" TO "slug"');
    }
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      message: 'internal error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(Object.keys(result.errors[0]!.extensions ?? {})).toEqual(['code']);
    expect(result.text).not.toMatch(INTERNALS);
    expect(result.text).not.toContain('slug_moved');
    expect(stack.logs.join('\n')).toMatch(
      /internal error: .*team\.findUniqueOrThrow.*does not exist/s,
    );
    expect((await team.client.data<{ me: { slug: string } }>('{ me { slug } }')).me.slug).toBe(
      'delta',
    );
  });

  it('are masked the same way over the WebSocket (subscriptions)', async () => {
    await stack.app.db.$executeRawUnsafe('ALTER TABLE "Run" RENAME COLUMN "seed" TO "seed_moved"');
    let refused: unknown;
    try {
      refused = await team.client
        .collect(
          RUN_PROGRESS,
          { id: '00000000-0000-4000-8000-000000000000' },
          { timeoutMs: 10_000 },
        )
        .catch((error: unknown) => error);
    } finally {
      await stack.app.db.$executeRawUnsafe(
        'ALTER TABLE "Run" RENAME COLUMN "seed_moved" TO "seed"',
      );
    }
    expect(refused).toBeInstanceOf(GraphQLRequestError);
    const errors = (refused as GraphQLRequestError).errors;
    expect(errors).toEqual([
      { message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });

  it('keep the other fields of the same request', async () => {
    await stack.app.db.$executeRawUnsafe('ALTER TABLE "Dataset" RENAME TO "DatasetMoved"');
    let result;
    try {
      result = await team.client.request<{ me: { id: string }; dataset: unknown }>(
        '{ me { id } dataset(id: "00000000-0000-4000-8000-000000000000") { id } }',
      );
    } finally {
      await stack.app.db.$executeRawUnsafe('ALTER TABLE "DatasetMoved" RENAME TO "Dataset"');
    }
    expect(result.data?.me.id).toBe(team.id);
    expect(result.data?.dataset).toBeNull();
    expect(result.errors.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['dataset'], 'INTERNAL_SERVER_ERROR'],
    ]);
    expect(result.text).not.toMatch(INTERNALS);
  });
});
