import type { ReactElement } from 'react';
import { render as rtl } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { MemoryRouter } from 'react-router';
import { Provider, type Client } from 'urql';
import { never } from 'wonka';
import { theme } from '../theme';

/** A client that never answers: for components that only need one in context. */
export const idleClient = { executeQuery: () => never, executeMutation: () => never, executeSubscription: () => never } as unknown as Client;

/** Renders ui with the console's theme, a router at path, and the given GraphQL client. */
export function render(ui: ReactElement, { client = idleClient, path = '/' }: { client?: Client; path?: string } = {}) {
  return rtl(
    <MantineProvider theme={theme}>
      <Provider value={client}>
        <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
      </Provider>
    </MantineProvider>,
  );
}

export * from '@testing-library/react';
