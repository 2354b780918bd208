import { graphql } from '../../gql';

// A role as the roles pages show one: the list and the editor spread it.
graphql(`
  fragment RoleFields on Role {
    id
    name
    description
    builtin
    allPermissions
    permissions
    userCount
  }
`);
