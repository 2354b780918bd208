import { AuthContext, makeAuth } from '../../lib/auth';
import { fakeClient, meOf } from '../../test-utils/client';
import { fireEvent, render, screen, waitFor, within } from '../../test-utils/render';
import DeveloperPage from './Developer.page';

const library = {
  apiLibrary: [
    {
      __typename: 'Module',
      key: 'clients',
      name: 'Clients',
      description: 'Customer records',
      baseUrl: 'https://demo.fincode.software/api/v6/services',
      examples: [
        { __typename: 'ModuleExample', title: 'Get Customer Details with Token', method: 'GET', path: '/customers/{customerId}', description: 'One customer by id', body: null, action: 'read' },
        { __typename: 'ModuleExample', title: 'Create a customer', method: 'POST', path: '/customers', description: null, body: '{"name": "Ada"}', action: 'create' },
      ],
    },
  ],
};

const tokens = {
  tokens: {
    __typename: 'TokenConnection',
    edges: [
      {
        __typename: 'TokenEdge',
        node: { __typename: 'Token', id: '7', name: 'Till 3', hint: 'kw_Abcd…wxyz', role: { __typename: 'Role', id: '3', name: 'READER', permissions: ['clients:read'], allPermissions: false } },
      },
    ],
  },
};

const secret = 'kw_' + '0123456789'.repeat(4) + 'abc' + 'DEFGHI';

function renderLibrary(permissions = ['tokens:read']) {
  const fake = fakeClient({ queries: { AppInfo: { appInfo: { __typename: 'AppInfo', baseUrl: 'http://keyward.test', version: 'test' } }, ApiLibrary: library, LibraryTokens: tokens } });
  render(
    <AuthContext.Provider value={makeAuth(meOf({ permissions }), () => {})}>
      <DeveloperPage />
    </AuthContext.Provider>,
    { client: fake.client, path: '/developer?tab=library' },
  );
  return fake;
}

async function pick(label: string) {
  const picker = screen.getByRole('combobox', { name: 'Token in the snippets' });
  fireEvent.click(picker);
  // The dropdown is still in its opening transition, so the options count as hidden.
  fireEvent.click(await screen.findByRole('option', { name: label, hidden: true }));
  await waitFor(() => expect(picker).toHaveValue(label));
}

function openCall(name: RegExp) {
  fireEvent.click(screen.getByRole('button', { name }));
}

/** The snippet of the call named name (every call's panel is in the page, open or not). */
function snippetOf(name: RegExp) {
  return within(screen.getByRole('region', { name, hidden: true })).getByTestId('snippet');
}

// Mantine's Select and Accordion are slow to render in jsdom on a busy machine.
describe('Developer page: API library', { timeout: 20_000 }, () => {
  it('keeps the playground first, and lists the documented calls', async () => {
    renderLibrary();
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent);
    expect(tabs).toEqual(['GraphQL playground', 'API library', 'Machine API']);
    expect(await screen.findByText('Get Customer Details with Token')).toBeInTheDocument();
    expect(screen.getByText('https://demo.fincode.software/api/v6/services')).toBeInTheDocument();
    expect(screen.getByText('GET')).toBeInTheDocument();
    openCall(/GET \/customers\/\{customerId\}/);
    expect(await screen.findByText(/curl -s 'https:\/\/demo.fincode.software\/api\/v6\/services\/customers\/\{customerId\}'/)).toHaveTextContent('-H "X-Auth-Token: $KEYWARD_TOKEN"');
  });

  it('writes a pasted token into the snippets and never sends it', async () => {
    const { sent } = renderLibrary();
    await screen.findByText('Get Customer Details with Token');
    await pick('Paste a token…');
    const input = screen.getByLabelText('Token secret');
    fireEvent.change(input, { target: { value: 'kw_short' } });
    expect(await screen.findByText('A token is kw_ followed by 49 letters and digits')).toBeInTheDocument();
    fireEvent.change(input, { target: { value: secret } });
    openCall(/GET \/customers/);
    await waitFor(() => expect(snippetOf(/GET \/customers/)).toHaveTextContent(`X-Auth-Token: ${secret}`));
    fireEvent.click(screen.getByRole('radio', { name: 'Go' }));
    await waitFor(() => expect(snippetOf(/GET \/customers/)).toHaveTextContent(`req.Header.Set("X-Auth-Token", "${secret}")`));
    expect(JSON.stringify(sent)).not.toContain(secret);
  });

  it('names a listed token and marks the calls its role does not cover', async () => {
    renderLibrary();
    await screen.findByText('Get Customer Details with Token');
    await pick('Till 3 (kw_Abcd…wxyz)');
    const create = screen.getByRole('button', { name: /POST \/customers/ });
    expect(within(create).getByText('not allowed')).toBeInTheDocument();
    expect(within(screen.getByRole('button', { name: /GET \/customers/ })).queryByText('not allowed')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'JavaScript' }));
    openCall(/GET \/customers/);
    await waitFor(() => expect(snippetOf(/GET \/customers/)).toHaveTextContent("'X-Auth-Token': process.env.KEYWARD_TOKEN_TILL_3"));
    expect(snippetOf(/GET \/customers/)).toHaveTextContent('// Token "Till 3" (kw_Abcd…wxyz): set KEYWARD_TOKEN_TILL_3 to its secret.');
  });

  it('does not ask for tokens the user may not see', async () => {
    const { sent } = renderLibrary([]);
    await screen.findByText('Get Customer Details with Token');
    expect(sent.map((s) => s.name)).not.toContain('LibraryTokens');
  });
});
