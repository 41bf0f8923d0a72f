import { graphql } from '../../generated/graphql/index.ts';

export const compareOptionsQuery = graphql(`
  query CompareOptions {
    models {
      id
      name
      versions {
        id
        version
        createdAt
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
      title
      output {
        signed
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

export const pairSideFields = graphql(`
  fragment PairSideFields on Explanation {
    id
    target {
      label
      probability
    }
    attribution {
      shape
      signed
      npyUrl
    }
    metrics
  }
`);

export const comparisonQuery = graphql(`
  query Comparison($a: ID!, $b: ID!, $method: String!, $datasetId: ID, $imageIds: [ID!]) {
    compare(
      modelVersionA: $a
      modelVersionB: $b
      method: $method
      datasetId: $datasetId
      imageIds: $imageIds
    ) {
      method
      summary
      missing
      modelVersionA {
        id
        version
        model {
          id
          name
        }
      }
      modelVersionB {
        id
        version
        model {
          id
          name
        }
      }
      metrics {
        name
        description
        higherIsBetter
        meanA
        meanB
        delta
        count
      }
      pairs {
        image {
          id
          url
          filename
          label
        }
        a {
          ...PairSideFields
        }
        b {
          ...PairSideFields
        }
        agreement {
          rankCorrelation
          topKOverlap
          topKFraction
        }
        metricDeltas
      }
    }
  }
`);

export const comparisonRunsQuery = graphql(`
  query ComparisonRuns($a: ID!, $b: ID!, $method: String!) {
    runsA: runs(filter: { modelVersionId: $a, method: $method }, first: 5) {
      edges {
        node {
          ...RunProgressFields
        }
      }
    }
    runsB: runs(filter: { modelVersionId: $b, method: $method }, first: 5) {
      edges {
        node {
          ...RunProgressFields
        }
      }
    }
  }
`);

export const datasetImagesQuery = graphql(`
  query DatasetImages($id: ID!, $first: Int!, $after: String) {
    dataset(id: $id) {
      id
      name
      size
      images(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            url
            filename
            label
            width
            height
          }
        }
      }
    }
  }
`);

export const landingQuery = graphql(`
  query Landing {
    models {
      id
      name
      versions {
        id
        version
      }
    }
    datasets {
      id
      name
    }
    plugins {
      name
    }
  }
`);
