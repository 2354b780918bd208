import { graphql } from '../../../gql';

export const TokenFieldsFragment = graphql(`
  fragment TokenFields on Token {
    id
    name
    hint
    status
    expiresAt
    expiryReminders
    lastUsedAt
    lastUsedIp
    useCount
    createdAt
    createdBy
    updatedAt
    revokedAt
    revokedBy
    previousSecretExpiresAt
    application {
      id
      name
      clientId
    }
    partner {
      id
      name
    }
    role {
      id
      name
      allPermissions
      permissions
      grantable
      missingPermissions
    }
    whitelist {
      id
      cidr
      status
      note
      requestedBy
      decidedBy
      decidedAt
      createdAt
      approvers
    }
  }
`);

export const TokenFormOptionsDocument = graphql(`
  query TokenFormOptions {
    roles {
      id
      name
      allPermissions
      permissions
      grantable
      missingPermissions
    }
    tokenPolicy {
      maxLifetimeDays
      maxGraceHours
      reminderWindowDays
    }
  }
`);

export const CreateTokenDocument = graphql(`
  mutation CreateToken($input: CreateTokenInput!) {
    createToken(input: $input) {
      secret
      token {
        ...TokenFields
      }
    }
  }
`);

export const UpdateTokenDocument = graphql(`
  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {
    updateToken(id: $id, input: $input) {
      ...TokenFields
    }
  }
`);

export const RegenerateTokenDocument = graphql(`
  mutation RegenerateToken($id: ID!, $hours: Int) {
    regenerateToken(id: $id, oldSecretValidForHours: $hours) {
      secret
      token {
        ...TokenFields
      }
    }
  }
`);

export const RevokeTokenDocument = graphql(`
  mutation RevokeToken($id: ID!) {
    revokeToken(id: $id) {
      ...TokenFields
    }
  }
`);

export const DeleteTokenDocument = graphql(`
  mutation DeleteToken($id: ID!) {
    deleteToken(id: $id)
  }
`);

export const AddWhitelistEntryDocument = graphql(`
  mutation AddWhitelistEntry($tokenId: ID!, $cidr: String!, $note: String) {
    addWhitelistEntry(tokenId: $tokenId, cidr: $cidr, note: $note) {
      id
      cidr
      status
    }
  }
`);

export const RemoveWhitelistEntryDocument = graphql(`
  mutation RemoveWhitelistEntry($id: ID!) {
    removeWhitelistEntry(id: $id)
  }
`);

export const RenewTokenDocument = graphql(`
  mutation RenewToken($id: ID!, $days: Int!) {
    renewToken(id: $id, days: $days) {
      ...TokenFields
    }
  }
`);
