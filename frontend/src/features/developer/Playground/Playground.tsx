import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './Playground.css';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';

// The playground runs as the signed-in user (the session cookie goes along); a token typed
// in the Headers tab (X-Auth-Token or Authorization: Bearer) takes over instead.
const fetcher = createGraphiQLFetcher({ url: '/graphql', fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }) });

const defaultQuery = `# Welcome to Keyward's GraphQL API.
# Run this as yourself, or add a token in the Headers tab below:
#   { "X-Auth-Token": "kw_…" }
query Me {
  me {
    email
    role {
      name
      permissions
    }
  }
  tokens(first: 5) {
    totalCount
    edges {
      node {
        name
        status
        expiresAt
      }
    }
  }
}
`;

/** The bundled GraphiQL: loaded only when the Developer API page opens. */
export default function Playground() {
  return (
    <div className="keyward-playground">
      <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultHeaders={'{\n  \n}'} isHeadersEditorEnabled shouldPersistHeaders={false} />
    </div>
  );
}
