import { graphql } from '../../generated/graphql/index.ts';

export const modelsQuery = graphql(`
  query Models {
    models {
      id
      name
      description
      createdAt
      versions {
        id
        version
        format
        createdAt
        accuracy
        sizeBytes
        classNames
        inputSpec {
          height
          width
          channels
        }
      }
    }
  }
`);

export const modelDetailQuery = graphql(`
  query ModelDetail($id: ID!) {
    model(id: $id) {
      id
      name
      description
      createdAt
      versions {
        id
        version
        format
        createdAt
        accuracy
        sizeBytes
        sha256
        classNames
        lastConvLayer
        metadata
        inputSpec {
          height
          width
          channels
          channelOrder
          preprocess
          resize
        }
        layers {
          name
          className
          kind
          outputShape
          spatial
          activation
          params
        }
      }
    }
  }
`);
