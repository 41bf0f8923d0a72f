import { graphql } from '../../generated/graphql/index.ts';

export const workersQuery = graphql(`
  query Workers($includeStopped: Boolean) {
    workers(includeStopped: $includeStopped) {
      id
      hostname
      pid
      deviceClass
      backend
      memoryBytes
      capabilities
      startedAt
      heartbeatAt
      stoppedAt
      alive
      currentRun {
        id
        status
        progress {
          done
          total
          fraction
        }
      }
    }
    queue {
      deviceClass
      queued
      active
    }
  }
`);
