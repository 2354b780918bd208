// Package consoledocs holds the GraphQL documents the console's Tokens, Users and Audit pages
// send (frontend/src/features/{tokens/Tokens,users/Users,audit/Audit}.page.tsx, with the
// TokenFields fragment of frontend/src/features/tokens/TokenForm/queries.ts), for the tests and
// benchmarks that load those pages as the console does.
package consoledocs

// The documents: each takes $filter, $first and $after.
const (
	Tokens = `query Tokens($filter: TokenFilter, $first: Int, $after: String) {
  tokens(filter: $filter, first: $first, after: $after) {
    totalCount totalCountExact
    pageInfo { hasNextPage endCursor }
    edges { node { ...TokenFields } }
  }
}
fragment TokenFields on Token {
  id name hint status expiresAt expiryReminders lastUsedAt lastUsedIp useCount createdAt createdBy updatedAt
  revokedAt revokedBy previousSecretExpiresAt
  application { id name clientId }
  partner { id name }
  role { id name allPermissions permissions grantable missingPermissions }
  whitelist { id cidr status note requestedBy decidedBy decidedAt createdAt approvers }
}`
	Users = `query Users($filter: UserFilter, $first: Int, $after: String) {
  users(filter: $filter, first: $first, after: $after) {
    totalCount totalCountExact
    pageInfo { hasNextPage endCursor }
    edges { node {
      id email name active loginCodeRequired createdAt lastLoginAt
      role { id name grantable missingPermissions }
      partner { id name }
    } }
  }
}`
	Audit = `query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount totalCountExact
    pageInfo { hasNextPage endCursor }
    edges { node { id at actorType actor action targetType target outcome ip userAgent details } }
  }
}`
)
