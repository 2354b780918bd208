import { graphql } from '../../../gql';

export const ApplicationFieldsFragment = graphql(`
  fragment ApplicationFields on Application {
    id
    clientId
    name
    description
    createdAt
    partner {
      id
      name
    }
  }
`);

export const CreateApplicationDocument = graphql(`
  mutation CreateApplication($input: ApplicationInput!) {
    createApplication(input: $input) {
      ...ApplicationFields
    }
  }
`);

export const UpdateApplicationDocument = graphql(`
  mutation UpdateApplication($id: ID!, $input: ApplicationInput!) {
    updateApplication(id: $id, input: $input) {
      ...ApplicationFields
    }
  }
`);

export const DeleteApplicationDocument = graphql(`
  mutation DeleteApplication($id: ID!) {
    deleteApplication(id: $id)
  }
`);

/** The applications a token may be issued for (the first hundred, by name). */
export const ApplicationOptionsDocument = graphql(`
  query ApplicationOptions {
    applications(first: 100) {
      edges {
        node {
          id
          name
          partner {
            id
            name
          }
        }
      }
    }
  }
`);
