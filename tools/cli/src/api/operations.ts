/**
 * Every GraphQL operation the CLI sends. A test validates them against the API's SDL, so the
 * CLI and the API cannot drift apart.
 */
export const OPERATIONS = {
  models: /* GraphQL */ `
    query CliModels {
      models { id name versions { id version } }
    }`,
  createModel: /* GraphQL */ `
    mutation CliCreateModel($input: CreateModelInput!) {
      createModel(input: $input) { model { id name } error { code message } }
    }`,
  createModelVersion: /* GraphQL */ `
    mutation CliCreateModelVersion($input: CreateModelVersionInput!) {
      createModelVersion(input: $input) {
        modelVersion { id version format lastConvLayer classNames }
        error { code message }
      }
    }`,
  addImages: /* GraphQL */ `
    mutation CliAddImages($input: AddImagesInput!) {
      addImages(input: $input) { images { id filename } dataset { id name size } error { code message } }
    }`,
  datasets: /* GraphQL */ `
    query CliDatasets {
      datasets { id name size }
    }`,
  createRun: /* GraphQL */ `
    mutation CliCreateRun($input: CreateRunInput!) {
      createRun(input: $input) { run { id status progress { done total } } created error { code message } }
    }`,
  run: /* GraphQL */ `
    query CliRun($id: ID!) {
      run(id: $id) {
        id status attempt createdAt startedAt finishedAt durationMs targets seed
        progress { done total fraction }
        failure { code message }
        modelVersion { id version model { name } }
        methods { id name version params }
        imageCount
        explanations(first: 200) {
          totalCount
          edges { node { id image { id filename } method { name } target { label probability rank } metrics overlayUrl attribution { npyUrl shape } } }
        }
      }
    }`,
  runStatus: /* GraphQL */ `
    query CliRunStatus($id: ID!) {
      run(id: $id) { id status progress { done total fraction } failure { code message } }
    }`,
  compare: /* GraphQL */ `
    query CliCompare($a: ID!, $b: ID!, $method: String!, $datasetId: ID, $imageIds: [ID!]) {
      compare(modelVersionA: $a, modelVersionB: $b, method: $method, datasetId: $datasetId, imageIds: $imageIds) {
        method summary missing
        modelVersionA { id version model { name } }
        modelVersionB { id version model { name } }
        metrics { name description higherIsBetter meanA meanB delta count }
        pairs { image { id filename } agreement { rankCorrelation topKOverlap } metricDeltas }
      }
    }`,
} as const;
