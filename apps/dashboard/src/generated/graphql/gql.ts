/* eslint-disable */
import * as types from './graphql.ts';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  query CompareOptions {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n        createdAt\n      }\n    }\n    datasets {\n      id\n      name\n      size\n    }\n    plugins {\n      id\n      name\n      title\n      output {\n        signed\n      }\n    }\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n': typeof types.CompareOptionsDocument;
  '\n  fragment PairSideFields on Explanation {\n    id\n    target {\n      label\n      probability\n    }\n    attribution {\n      shape\n      signed\n      npyUrl\n    }\n    metrics\n  }\n': typeof types.PairSideFieldsFragmentDoc;
  '\n  query Comparison($a: ID!, $b: ID!, $method: String!, $datasetId: ID, $imageIds: [ID!]) {\n    compare(\n      modelVersionA: $a\n      modelVersionB: $b\n      method: $method\n      datasetId: $datasetId\n      imageIds: $imageIds\n    ) {\n      method\n      summary\n      missing\n      modelVersionA {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      modelVersionB {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      metrics {\n        name\n        description\n        higherIsBetter\n        meanA\n        meanB\n        delta\n        count\n      }\n      pairs {\n        image {\n          id\n          url\n          filename\n          label\n        }\n        a {\n          ...PairSideFields\n        }\n        b {\n          ...PairSideFields\n        }\n        agreement {\n          rankCorrelation\n          topKOverlap\n          topKFraction\n        }\n        metricDeltas\n      }\n    }\n  }\n': typeof types.ComparisonDocument;
  '\n  query ComparisonRuns($a: ID!, $b: ID!, $method: String!) {\n    runsA: runs(filter: { modelVersionId: $a, method: $method }, first: 5) {\n      edges {\n        node {\n          ...RunProgressFields\n        }\n      }\n    }\n    runsB: runs(filter: { modelVersionId: $b, method: $method }, first: 5) {\n      edges {\n        node {\n          ...RunProgressFields\n        }\n      }\n    }\n  }\n': typeof types.ComparisonRunsDocument;
  '\n  query DatasetImages($id: ID!, $first: Int!, $after: String) {\n    dataset(id: $id) {\n      id\n      name\n      size\n      images(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            url\n            filename\n            label\n            width\n            height\n          }\n        }\n      }\n    }\n  }\n': typeof types.DatasetImagesDocument;
  '\n  query Landing {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n      }\n    }\n    datasets {\n      id\n      name\n    }\n    plugins {\n      name\n    }\n  }\n': typeof types.LandingDocument;
  '\n  query Models {\n    models {\n      id\n      name\n      description\n      createdAt\n      versions {\n        id\n        version\n        format\n        createdAt\n        accuracy\n        sizeBytes\n        classNames\n        inputSpec {\n          height\n          width\n          channels\n        }\n      }\n    }\n  }\n': typeof types.ModelsDocument;
  '\n  query ModelDetail($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      description\n      createdAt\n      versions {\n        id\n        version\n        format\n        createdAt\n        accuracy\n        sizeBytes\n        sha256\n        classNames\n        lastConvLayer\n        metadata\n        inputSpec {\n          height\n          width\n          channels\n          channelOrder\n          preprocess\n          resize\n        }\n        layers {\n          name\n          className\n          kind\n          outputShape\n          spatial\n          activation\n          params\n        }\n      }\n    }\n  }\n': typeof types.ModelDetailDocument;
  '\n  query NewRunOptions {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n        classNames\n        inputSpec {\n          height\n          width\n        }\n      }\n    }\n    datasets {\n      id\n      name\n      size\n    }\n    plugins {\n      id\n      name\n      version\n      title\n      description\n      paramsSchema\n      output {\n        kind\n        signed\n      }\n      requires {\n        background\n      }\n    }\n  }\n': typeof types.NewRunOptionsDocument;
  '\n  mutation AddImages($input: AddImagesInput!) {\n    addImages(input: $input) {\n      images {\n        id\n        url\n        filename\n        label\n        width\n        height\n      }\n      dataset {\n        id\n        name\n        size\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n': typeof types.AddImagesDocument;
  '\n  query Plugins {\n    plugins {\n      id\n      name\n      version\n      title\n      description\n      reference {\n        title\n        url\n      }\n      paramsSchema\n      requires {\n        gradients\n        spatialLayer\n        background\n        guidedRelu\n      }\n      output {\n        kind\n        signed\n      }\n    }\n  }\n': typeof types.PluginsDocument;
  '\n  query Runs($filter: RunFilter, $first: Int, $after: String) {\n    runs(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...RunProgressFields\n          startedAt\n          finishedAt\n          durationMs\n          modelVersion {\n            id\n            version\n            model {\n              id\n              name\n            }\n          }\n          methods {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n': typeof types.RunsDocument;
  '\n  query RunFilterOptions {\n    models {\n      id\n      name\n    }\n    plugins {\n      id\n      name\n      title\n    }\n  }\n': typeof types.RunFilterOptionsDocument;
  '\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      ...RunProgressFields\n      startedAt\n      finishedAt\n      durationMs\n      seed\n      batchSize\n      targets\n      deviceClass\n      priority\n      attempt\n      modelVersion {\n        id\n        version\n        classNames\n        model {\n          id\n          name\n        }\n      }\n      methods {\n        id\n        name\n        version\n        params\n        plugin {\n          title\n          output {\n            kind\n            signed\n          }\n        }\n      }\n      images {\n        id\n        url\n        filename\n        label\n        width\n        height\n      }\n      worker {\n        id\n        hostname\n        backend\n      }\n      background {\n        id\n        name\n      }\n    }\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n': typeof types.RunDetailDocument;
  '\n  query RunExplanations($id: ID!, $first: Int!, $after: String) {\n    run(id: $id) {\n      id\n      explanations(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            image {\n              id\n            }\n            method {\n              id\n            }\n            target {\n              index\n              label\n              probability\n              rank\n            }\n            predictions {\n              index\n              label\n              probability\n            }\n            attribution {\n              shape\n              dtype\n              signed\n              min\n              max\n              npyUrl\n            }\n            overlayUrl\n            heatmapUrl\n            extras\n            metrics\n            durationMs\n            backend\n            device\n          }\n        }\n      }\n    }\n  }\n': typeof types.RunExplanationsDocument;
  '\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n': typeof types.CancelRunDocument;
  '\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n': typeof types.RetryRunDocument;
  '\n  query MetricCatalog {\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n': typeof types.MetricCatalogDocument;
  '\n  fragment RunProgressFields on Run {\n    id\n    status\n    createdAt\n    imageCount\n    progress {\n      done\n      total\n      fraction\n    }\n    failure {\n      code\n      message\n    }\n  }\n': typeof types.RunProgressFieldsFragmentDoc;
  '\n  mutation CreateRun($input: CreateRunInput!) {\n    createRun(input: $input) {\n      created\n      run {\n        id\n      }\n      error {\n        code\n        message\n        path\n      }\n    }\n  }\n': typeof types.CreateRunDocument;
  '\n  query Workers($includeStopped: Boolean) {\n    workers(includeStopped: $includeStopped) {\n      id\n      hostname\n      pid\n      deviceClass\n      backend\n      memoryBytes\n      capabilities\n      startedAt\n      heartbeatAt\n      stoppedAt\n      alive\n      currentRun {\n        id\n        status\n        progress {\n          done\n          total\n          fraction\n        }\n      }\n    }\n    queue {\n      deviceClass\n      queued\n      active\n    }\n  }\n': typeof types.WorkersDocument;
};
const documents: Documents = {
  '\n  query CompareOptions {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n        createdAt\n      }\n    }\n    datasets {\n      id\n      name\n      size\n    }\n    plugins {\n      id\n      name\n      title\n      output {\n        signed\n      }\n    }\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n':
    types.CompareOptionsDocument,
  '\n  fragment PairSideFields on Explanation {\n    id\n    target {\n      label\n      probability\n    }\n    attribution {\n      shape\n      signed\n      npyUrl\n    }\n    metrics\n  }\n':
    types.PairSideFieldsFragmentDoc,
  '\n  query Comparison($a: ID!, $b: ID!, $method: String!, $datasetId: ID, $imageIds: [ID!]) {\n    compare(\n      modelVersionA: $a\n      modelVersionB: $b\n      method: $method\n      datasetId: $datasetId\n      imageIds: $imageIds\n    ) {\n      method\n      summary\n      missing\n      modelVersionA {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      modelVersionB {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      metrics {\n        name\n        description\n        higherIsBetter\n        meanA\n        meanB\n        delta\n        count\n      }\n      pairs {\n        image {\n          id\n          url\n          filename\n          label\n        }\n        a {\n          ...PairSideFields\n        }\n        b {\n          ...PairSideFields\n        }\n        agreement {\n          rankCorrelation\n          topKOverlap\n          topKFraction\n        }\n        metricDeltas\n      }\n    }\n  }\n':
    types.ComparisonDocument,
  '\n  query ComparisonRuns($a: ID!, $b: ID!, $method: String!) {\n    runsA: runs(filter: { modelVersionId: $a, method: $method }, first: 5) {\n      edges {\n        node {\n          ...RunProgressFields\n        }\n      }\n    }\n    runsB: runs(filter: { modelVersionId: $b, method: $method }, first: 5) {\n      edges {\n        node {\n          ...RunProgressFields\n        }\n      }\n    }\n  }\n':
    types.ComparisonRunsDocument,
  '\n  query DatasetImages($id: ID!, $first: Int!, $after: String) {\n    dataset(id: $id) {\n      id\n      name\n      size\n      images(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            url\n            filename\n            label\n            width\n            height\n          }\n        }\n      }\n    }\n  }\n':
    types.DatasetImagesDocument,
  '\n  query Landing {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n      }\n    }\n    datasets {\n      id\n      name\n    }\n    plugins {\n      name\n    }\n  }\n':
    types.LandingDocument,
  '\n  query Models {\n    models {\n      id\n      name\n      description\n      createdAt\n      versions {\n        id\n        version\n        format\n        createdAt\n        accuracy\n        sizeBytes\n        classNames\n        inputSpec {\n          height\n          width\n          channels\n        }\n      }\n    }\n  }\n':
    types.ModelsDocument,
  '\n  query ModelDetail($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      description\n      createdAt\n      versions {\n        id\n        version\n        format\n        createdAt\n        accuracy\n        sizeBytes\n        sha256\n        classNames\n        lastConvLayer\n        metadata\n        inputSpec {\n          height\n          width\n          channels\n          channelOrder\n          preprocess\n          resize\n        }\n        layers {\n          name\n          className\n          kind\n          outputShape\n          spatial\n          activation\n          params\n        }\n      }\n    }\n  }\n':
    types.ModelDetailDocument,
  '\n  query NewRunOptions {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n        classNames\n        inputSpec {\n          height\n          width\n        }\n      }\n    }\n    datasets {\n      id\n      name\n      size\n    }\n    plugins {\n      id\n      name\n      version\n      title\n      description\n      paramsSchema\n      output {\n        kind\n        signed\n      }\n      requires {\n        background\n      }\n    }\n  }\n':
    types.NewRunOptionsDocument,
  '\n  mutation AddImages($input: AddImagesInput!) {\n    addImages(input: $input) {\n      images {\n        id\n        url\n        filename\n        label\n        width\n        height\n      }\n      dataset {\n        id\n        name\n        size\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n':
    types.AddImagesDocument,
  '\n  query Plugins {\n    plugins {\n      id\n      name\n      version\n      title\n      description\n      reference {\n        title\n        url\n      }\n      paramsSchema\n      requires {\n        gradients\n        spatialLayer\n        background\n        guidedRelu\n      }\n      output {\n        kind\n        signed\n      }\n    }\n  }\n':
    types.PluginsDocument,
  '\n  query Runs($filter: RunFilter, $first: Int, $after: String) {\n    runs(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...RunProgressFields\n          startedAt\n          finishedAt\n          durationMs\n          modelVersion {\n            id\n            version\n            model {\n              id\n              name\n            }\n          }\n          methods {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n':
    types.RunsDocument,
  '\n  query RunFilterOptions {\n    models {\n      id\n      name\n    }\n    plugins {\n      id\n      name\n      title\n    }\n  }\n':
    types.RunFilterOptionsDocument,
  '\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      ...RunProgressFields\n      startedAt\n      finishedAt\n      durationMs\n      seed\n      batchSize\n      targets\n      deviceClass\n      priority\n      attempt\n      modelVersion {\n        id\n        version\n        classNames\n        model {\n          id\n          name\n        }\n      }\n      methods {\n        id\n        name\n        version\n        params\n        plugin {\n          title\n          output {\n            kind\n            signed\n          }\n        }\n      }\n      images {\n        id\n        url\n        filename\n        label\n        width\n        height\n      }\n      worker {\n        id\n        hostname\n        backend\n      }\n      background {\n        id\n        name\n      }\n    }\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n':
    types.RunDetailDocument,
  '\n  query RunExplanations($id: ID!, $first: Int!, $after: String) {\n    run(id: $id) {\n      id\n      explanations(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            image {\n              id\n            }\n            method {\n              id\n            }\n            target {\n              index\n              label\n              probability\n              rank\n            }\n            predictions {\n              index\n              label\n              probability\n            }\n            attribution {\n              shape\n              dtype\n              signed\n              min\n              max\n              npyUrl\n            }\n            overlayUrl\n            heatmapUrl\n            extras\n            metrics\n            durationMs\n            backend\n            device\n          }\n        }\n      }\n    }\n  }\n':
    types.RunExplanationsDocument,
  '\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n':
    types.CancelRunDocument,
  '\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n':
    types.RetryRunDocument,
  '\n  query MetricCatalog {\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n':
    types.MetricCatalogDocument,
  '\n  fragment RunProgressFields on Run {\n    id\n    status\n    createdAt\n    imageCount\n    progress {\n      done\n      total\n      fraction\n    }\n    failure {\n      code\n      message\n    }\n  }\n':
    types.RunProgressFieldsFragmentDoc,
  '\n  mutation CreateRun($input: CreateRunInput!) {\n    createRun(input: $input) {\n      created\n      run {\n        id\n      }\n      error {\n        code\n        message\n        path\n      }\n    }\n  }\n':
    types.CreateRunDocument,
  '\n  query Workers($includeStopped: Boolean) {\n    workers(includeStopped: $includeStopped) {\n      id\n      hostname\n      pid\n      deviceClass\n      backend\n      memoryBytes\n      capabilities\n      startedAt\n      heartbeatAt\n      stoppedAt\n      alive\n      currentRun {\n        id\n        status\n        progress {\n          done\n          total\n          fraction\n        }\n      }\n    }\n    queue {\n      deviceClass\n      queued\n      active\n    }\n  }\n':
    types.WorkersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CompareOptions {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n        createdAt\n      }\n    }\n    datasets {\n      id\n      name\n      size\n    }\n    plugins {\n      id\n      name\n      title\n      output {\n        signed\n      }\n    }\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n',
): typeof import('./graphql.ts').CompareOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment PairSideFields on Explanation {\n    id\n    target {\n      label\n      probability\n    }\n    attribution {\n      shape\n      signed\n      npyUrl\n    }\n    metrics\n  }\n',
): typeof import('./graphql.ts').PairSideFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Comparison($a: ID!, $b: ID!, $method: String!, $datasetId: ID, $imageIds: [ID!]) {\n    compare(\n      modelVersionA: $a\n      modelVersionB: $b\n      method: $method\n      datasetId: $datasetId\n      imageIds: $imageIds\n    ) {\n      method\n      summary\n      missing\n      modelVersionA {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      modelVersionB {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      metrics {\n        name\n        description\n        higherIsBetter\n        meanA\n        meanB\n        delta\n        count\n      }\n      pairs {\n        image {\n          id\n          url\n          filename\n          label\n        }\n        a {\n          ...PairSideFields\n        }\n        b {\n          ...PairSideFields\n        }\n        agreement {\n          rankCorrelation\n          topKOverlap\n          topKFraction\n        }\n        metricDeltas\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').ComparisonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ComparisonRuns($a: ID!, $b: ID!, $method: String!) {\n    runsA: runs(filter: { modelVersionId: $a, method: $method }, first: 5) {\n      edges {\n        node {\n          ...RunProgressFields\n        }\n      }\n    }\n    runsB: runs(filter: { modelVersionId: $b, method: $method }, first: 5) {\n      edges {\n        node {\n          ...RunProgressFields\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').ComparisonRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DatasetImages($id: ID!, $first: Int!, $after: String) {\n    dataset(id: $id) {\n      id\n      name\n      size\n      images(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            url\n            filename\n            label\n            width\n            height\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').DatasetImagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Landing {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n      }\n    }\n    datasets {\n      id\n      name\n    }\n    plugins {\n      name\n    }\n  }\n',
): typeof import('./graphql.ts').LandingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Models {\n    models {\n      id\n      name\n      description\n      createdAt\n      versions {\n        id\n        version\n        format\n        createdAt\n        accuracy\n        sizeBytes\n        classNames\n        inputSpec {\n          height\n          width\n          channels\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').ModelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ModelDetail($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      description\n      createdAt\n      versions {\n        id\n        version\n        format\n        createdAt\n        accuracy\n        sizeBytes\n        sha256\n        classNames\n        lastConvLayer\n        metadata\n        inputSpec {\n          height\n          width\n          channels\n          channelOrder\n          preprocess\n          resize\n        }\n        layers {\n          name\n          className\n          kind\n          outputShape\n          spatial\n          activation\n          params\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').ModelDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query NewRunOptions {\n    models {\n      id\n      name\n      versions {\n        id\n        version\n        classNames\n        inputSpec {\n          height\n          width\n        }\n      }\n    }\n    datasets {\n      id\n      name\n      size\n    }\n    plugins {\n      id\n      name\n      version\n      title\n      description\n      paramsSchema\n      output {\n        kind\n        signed\n      }\n      requires {\n        background\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').NewRunOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddImages($input: AddImagesInput!) {\n    addImages(input: $input) {\n      images {\n        id\n        url\n        filename\n        label\n        width\n        height\n      }\n      dataset {\n        id\n        name\n        size\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').AddImagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Plugins {\n    plugins {\n      id\n      name\n      version\n      title\n      description\n      reference {\n        title\n        url\n      }\n      paramsSchema\n      requires {\n        gradients\n        spatialLayer\n        background\n        guidedRelu\n      }\n      output {\n        kind\n        signed\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').PluginsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Runs($filter: RunFilter, $first: Int, $after: String) {\n    runs(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...RunProgressFields\n          startedAt\n          finishedAt\n          durationMs\n          modelVersion {\n            id\n            version\n            model {\n              id\n              name\n            }\n          }\n          methods {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').RunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RunFilterOptions {\n    models {\n      id\n      name\n    }\n    plugins {\n      id\n      name\n      title\n    }\n  }\n',
): typeof import('./graphql.ts').RunFilterOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      ...RunProgressFields\n      startedAt\n      finishedAt\n      durationMs\n      seed\n      batchSize\n      targets\n      deviceClass\n      priority\n      attempt\n      modelVersion {\n        id\n        version\n        classNames\n        model {\n          id\n          name\n        }\n      }\n      methods {\n        id\n        name\n        version\n        params\n        plugin {\n          title\n          output {\n            kind\n            signed\n          }\n        }\n      }\n      images {\n        id\n        url\n        filename\n        label\n        width\n        height\n      }\n      worker {\n        id\n        hostname\n        backend\n      }\n      background {\n        id\n        name\n      }\n    }\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n',
): typeof import('./graphql.ts').RunDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RunExplanations($id: ID!, $first: Int!, $after: String) {\n    run(id: $id) {\n      id\n      explanations(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            image {\n              id\n            }\n            method {\n              id\n            }\n            target {\n              index\n              label\n              probability\n              rank\n            }\n            predictions {\n              index\n              label\n              probability\n            }\n            attribution {\n              shape\n              dtype\n              signed\n              min\n              max\n              npyUrl\n            }\n            overlayUrl\n            heatmapUrl\n            extras\n            metrics\n            durationMs\n            backend\n            device\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').RunExplanationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CancelRun($id: ID!) {\n    cancelRun(id: $id) {\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').CancelRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      run {\n        id\n        status\n      }\n      error {\n        code\n        message\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').RetryRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query MetricCatalog {\n    metricCatalog {\n      name\n      title\n      description\n      higherIsBetter\n      pairwise\n    }\n  }\n',
): typeof import('./graphql.ts').MetricCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment RunProgressFields on Run {\n    id\n    status\n    createdAt\n    imageCount\n    progress {\n      done\n      total\n      fraction\n    }\n    failure {\n      code\n      message\n    }\n  }\n',
): typeof import('./graphql.ts').RunProgressFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateRun($input: CreateRunInput!) {\n    createRun(input: $input) {\n      created\n      run {\n        id\n      }\n      error {\n        code\n        message\n        path\n      }\n    }\n  }\n',
): typeof import('./graphql.ts').CreateRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Workers($includeStopped: Boolean) {\n    workers(includeStopped: $includeStopped) {\n      id\n      hostname\n      pid\n      deviceClass\n      backend\n      memoryBytes\n      capabilities\n      startedAt\n      heartbeatAt\n      stoppedAt\n      alive\n      currentRun {\n        id\n        status\n        progress {\n          done\n          total\n          fraction\n        }\n      }\n    }\n    queue {\n      deviceClass\n      queued\n      active\n    }\n  }\n',
): typeof import('./graphql.ts').WorkersDocument;

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
