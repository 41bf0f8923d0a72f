import { graphql } from '../../generated/graphql/index.ts';

export const newRunOptionsQuery = graphql(`
  query NewRunOptions {
    models {
      id
      name
      versions {
        id
        version
        classNames
        inputSpec {
          height
          width
        }
      }
    }
    datasets {
      id
      name
      size
    }
    plugins {
      id
      name
      version
      title
      description
      paramsSchema
      output {
        kind
        signed
      }
      requires {
        background
      }
    }
  }
`);

export const addImagesMutation = graphql(`
  mutation AddImages($input: AddImagesInput!) {
    addImages(input: $input) {
      images {
        id
        url
        filename
        label
        width
        height
      }
      dataset {
        id
        name
        size
      }
      error {
        code
        message
      }
    }
  }
`);
