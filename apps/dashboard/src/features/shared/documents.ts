import { graphql } from '../../generated/graphql/index.ts';

export const metricCatalogQuery = graphql(`
  query MetricCatalog {
    metricCatalog {
      name
      title
      description
      higherIsBetter
      pairwise
    }
  }
`);

export const runProgressFields = graphql(`
  fragment RunProgressFields on Run {
    id
    status
    createdAt
    imageCount
    progress {
      done
      total
      fraction
    }
    failure {
      code
      message
    }
  }
`);

export const createRunMutation = graphql(`
  mutation CreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      created
      run {
        id
      }
      error {
        code
        message
        path
      }
    }
  }
`);
