import { graphql } from '../../gql';

export const DashboardDocument = graphql(`
  query Dashboard {
    dashboard {
      expiringTokens(first: 5) {
        windowDays
        totalCount
        tokens {
          id
          name
          expiresAt
        }
      }
      pendingApprovals(first: 5) {
        totalCount
        requests {
          id
          tokenName
          tokenId
          cidr
          requestedBy
          requestedAt
        }
      }
      refusedLast24h {
        reason
        count
      }
      openTokens(first: 5) {
        totalCount
        totalCountExact
        tokens {
          id
          name
          createdAt
        }
      }
      usage(days: 14) {
        day
        ok
        refused
      }
    }
  }
`);
