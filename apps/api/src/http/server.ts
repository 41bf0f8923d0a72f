import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { isLumenError } from '@lumen/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, keyFromHeaders } from '../auth/api-keys.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { UserFacingError, maskUnexpected, toUserError, unauthenticated } from '../graphql/errors.ts';
import { complexityLimit } from '../graphql/limits.ts';
import { createLoaders } from '../graphql/loaders.ts';
import { buildSchema } from '../graphql/schema.ts';
import type { AppContext } from '../services/app-context.ts';
import { uploadHandler } from '../uploads/upload-route.ts';
import { blobRoutes } from './blob-routes.ts';

/** Codes a client may see and branch on; anything else is masked as INTERNAL_SERVER_ERROR. */
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'QUERY_TOO_COMPLEX',
  'NOT_FOUND',
  'INVALID_INPUT',
]);

export interface ApiServer {
  url: string;
  httpServer: Server;
  close(): Promise<void>;
}

function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

export async function startApiServer(app: AppContext, options: { host: string; port: number }): Promise<ApiServer> {
  const schema = buildSchema();
  const server = express();
  server.disable('x-powered-by');
  const httpServer = createServer(server);

  /** What a client may see of an error, over HTTP and over WebSocket alike. */
  const publicError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) return formatted;
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    if (original instanceof UserFacingError || isLumenError(original)) {
      // An expected failure thrown by a query (not returned as data): its code is public.
      const expected = toUserError(original);
      const extensions = { code: expected.code, ...(expected.details ? { details: expected.details } : {}) };
      return { message: expected.message, extensions, ...(formatted.path ? { path: formatted.path } : {}) };
    }
    const masked = maskUnexpected(original, app.log);
    return { message: masked.message, extensions: masked.extensions, ...(formatted.path ? { path: formatted.path } : {}) };
  };

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer<{ apiKey?: string; authorization?: string }, { teamId?: string }>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const key = params.apiKey ?? (params.authorization?.replace(/^Bearer\s+/i, '') || keyFromHeaders(ctx.extra.request.headers));
        const principal = await authenticate(app.db, key);
        if (!principal) return false;
        ctx.extra.teamId = principal.teamId;
        return true;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => publicError(error.toJSON(), error)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => publicError(error.toJSON(), error)) } : undefined,
      context: (ctx): GraphQLContext => {
        const teamId = ctx.extra.teamId as string;
        const host = ctx.extra.request.headers.host ?? `${options.host}:${options.port}`;
        return { app, teamId, loaders: createLoaders(app.db, teamId), baseUrl: `http://${host}` };
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: app.config.LUMEN_INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    validationRules: [depthLimit(app.config.LUMEN_MAX_QUERY_DEPTH)],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      complexityLimit(schema, app.config.LUMEN_MAX_QUERY_COMPLEXITY),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
    formatError: publicError,
  });
  await apollo.start();

  const requireTeam = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const principal = await authenticate(app.db, keyFromHeaders(req.headers));
      if (!principal) {
        res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'a valid API key is required: send "Authorization: Bearer lmn_..."' } });
        return;
      }
      res.locals['teamId'] = principal.teamId;
      next();
    } catch (error) {
      next(error);
    }
  };

  server.get('/health', async (_req, res) => {
    try {
      await app.db.$queryRawUnsafe('SELECT 1');
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false });
    }
  });
  server.post('/v1/uploads', requireTeam, uploadHandler(app.db, { maxBytes: app.config.LUMEN_MAX_UPLOAD_BYTES, maxFiles: 2000 }));
  server.use('/v1', requireTeam, blobRoutes(app.db));
  server.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<GraphQLContext> => {
        const principal = await authenticate(app.db, keyFromHeaders(req.headers));
        if (!principal) throw unauthenticated();
        return { app, teamId: principal.teamId, loaders: createLoaders(app.db, principal.teamId), baseUrl: baseUrlOf(req) };
      },
    }),
  );
  server.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    maskUnexpected(error, app.log);
    if (!res.headersSent) res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal error' } });
  });

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    httpServer,
    close: async () => {
      await apollo.stop();
      wsServer.close();
    },
  };
}
