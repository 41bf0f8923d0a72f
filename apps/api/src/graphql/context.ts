import type { AppContext } from '../services/app-context.ts';
import type { Loaders } from './loaders.ts';

export interface GraphQLContext {
  app: AppContext;
  teamId: string;
  loaders: Loaders;
  /** Absolute base of this API, for the URLs of images and explanation files. */
  baseUrl: string;
}
