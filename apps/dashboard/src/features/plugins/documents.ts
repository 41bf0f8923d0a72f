import { graphql } from '../../generated/graphql/index.ts';

export const pluginsQuery = graphql(`
  query Plugins {
    plugins {
      id
      name
      version
      title
      description
      reference {
        title
        url
      }
      paramsSchema
      requires {
        gradients
        spatialLayer
        background
        guidedRelu
      }
      output {
        kind
        signed
      }
    }
  }
`);
