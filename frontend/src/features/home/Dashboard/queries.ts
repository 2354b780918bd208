import { graphql } from '../../../gql';

export const DashboardDocument = graphql(`
  query Dashboard {
    dashboard {
      expiringTokens(first: 5) {
        windowDays
        totalCount
        tokens {
          ...TokenFields
        }
      }
      pendingApprovals(first: 5) {
        totalCount
        requests {
          ...ApprovalRequestFields
          tokenId
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
          ...TokenFields
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
