import { graphql } from '../../../gql';

/** A module's API documentation: what the API library shows and the Modules page edits. */
export const ModuleDocsFieldsFragment = graphql(`
  fragment ModuleDocsFields on Module {
    baseUrl
    examples {
      title
      method
      path
      description
      body
      action
    }
  }
`);
