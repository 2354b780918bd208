import { graphql } from '../../gql';

// A user as the console shows one: every query and change of a user spreads it.
graphql(`
  fragment UserFields on User {
    id
    email
    name
    active
    loginCodeRequired
    createdAt
    lastLoginAt
    role {
      id
      name
      grantable
      missingPermissions
    }
    partner {
      id
      name
    }
  }
`);

export const UsersDocument = graphql(`
  query Users($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      totalCount
      totalCountExact
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          ...UserFields
        }
      }
    }
  }
`);

export const RoleOptionsDocument = graphql(`
  query RoleOptions {
    roles {
      id
      name
      grantable
      missingPermissions
    }
  }
`);

export const CreateUserDocument = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
    }
  }
`);

export const UpdateUserDocument = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      ...UserFields
    }
  }
`);

export const DeleteUserDocument = graphql(`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id)
  }
`);
