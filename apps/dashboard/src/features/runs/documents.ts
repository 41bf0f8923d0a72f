import { graphql } from '../../generated/graphql/index.ts';

export const runListQuery = graphql(`
  query Runs($filter: RunFilter, $first: Int, $after: String) {
    runs(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...RunProgressFields
          startedAt
          finishedAt
          durationMs
          modelVersion {
            id
            version
            model {
              id
              name
            }
          }
          methods {
            id
            name
          }
        }
      }
    }
  }
`);

export const runFilterOptionsQuery = graphql(`
  query RunFilterOptions {
    models {
      id
      name
    }
    plugins {
      id
      name
      title
    }
  }
`);

export const runDetailQuery = graphql(`
  query RunDetail($id: ID!) {
    run(id: $id) {
      ...RunProgressFields
      startedAt
      finishedAt
      durationMs
      seed
      batchSize
      targets
      deviceClass
      priority
      attempt
      modelVersion {
        id
        version
        classNames
        model {
          id
          name
        }
      }
      methods {
        id
        name
        version
        params
        plugin {
          title
          output {
            kind
            signed
          }
        }
      }
      images {
        id
        url
        filename
        label
        width
        height
      }
      worker {
        id
        hostname
        backend
      }
      background {
        id
        name
      }
    }
    metricCatalog {
      name
      title
      description
      higherIsBetter
      pairwise
    }
  }
`);

export const runExplanationsQuery = graphql(`
  query RunExplanations($id: ID!, $first: Int!, $after: String) {
    run(id: $id) {
      id
      explanations(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            image {
              id
            }
            method {
              id
            }
            target {
              index
              label
              probability
              rank
            }
            predictions {
              index
              label
              probability
            }
            attribution {
              shape
              dtype
              signed
              min
              max
              npyUrl
            }
            overlayUrl
            heatmapUrl
            extras
            metrics
            durationMs
            backend
            device
          }
        }
      }
    }
  }
`);

export const cancelRunMutation = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) {
      run {
        id
        status
      }
      error {
        code
        message
      }
    }
  }
`);

export const retryRunMutation = graphql(`
  mutation RetryRun($id: ID!) {
    retryRun(id: $id) {
      run {
        id
        status
      }
      error {
        code
        message
      }
    }
  }
`);
