import { graphql } from '../../gql';

// An audit event as the console shows one.
graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    at
    actorType
    actor
    actorId
    action
    targetType
    targetId
    target
    outcome
    ip
    userAgent
    details
  }
`);

export const AuditEventsDocument = graphql(`
  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...AuditEventFields
        }
      }
    }
  }
`);
