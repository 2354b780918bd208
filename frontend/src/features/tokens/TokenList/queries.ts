import { graphql } from '../../../gql';

export const TokensDocument = graphql(`
  query Tokens($filter: TokenFilter, $first: Int, $after: String, $orderBy: TokenOrder) {
    tokens(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      totalCountExact
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...TokenFields
        }
      }
    }
  }
`);

export const RevokeTokensDocument = graphql(`
  mutation RevokeTokens($ids: [ID!]!) {
    revokeTokens(ids: $ids) {
      ...TokenFields
    }
  }
`);
