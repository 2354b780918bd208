import { ModalsProvider } from '@mantine/modals';
import { AuthContext, makeAuth } from '../../../lib/auth';
import { fakeClient, meOf } from '../../../test-utils/client';
import { fireEvent, render, screen, waitFor, within } from '../../../test-utils/render';
import { tokenOf } from '../TokenForm/fixtures';
import TokensPage from '../Tokens.page';
import { nextSort } from './SortHeader';

const tokens = [
  tokenOf({ id: '1', name: 'Billing export' }),
  tokenOf({ id: '2', name: 'Nightly sync', whitelist: [] }),
  tokenOf({ id: '3', name: 'Old importer', status: 'REVOKED' }),
];

function renderPage(path = '/tokens') {
  const fake = fakeClient({
    queries: {
      Tokens: { tokens: { __typename: 'TokenConnection', totalCount: 3, totalCountExact: true, pageInfo: { hasNextPage: false, endCursor: null }, edges: tokens.map((node) => ({ node, cursor: node.id })) } },
      TokenFormOptions: { roles: [], tokenPolicy: { maxLifetimeDays: 365, maxGraceHours: 168, reminderWindowDays: 15 } },
    },
    mutations: { RevokeTokens: { data: { revokeTokens: [] } } },
  });
  render(
    <AuthContext.Provider value={makeAuth(meOf({ all: true }), () => {})}>
      <ModalsProvider>
        <TokensPage />
      </ModalsProvider>
    </AuthContext.Provider>,
    { client: fake.client, path },
  );
  return fake;
}

/** The wide layout (jsdom applies no media queries, so the phone's cards are there too). */
const table = () => screen.getByRole('table');

describe('nextSort', () => {
  it('goes ascending, descending, then back to newest first', () => {
    expect(nextSort(null, 'NAME')).toEqual({ field: 'NAME', direction: 'ASC' });
    expect(nextSort({ field: 'NAME', direction: 'ASC' }, 'NAME')).toEqual({ field: 'NAME', direction: 'DESC' });
    expect(nextSort({ field: 'NAME', direction: 'DESC' }, 'NAME')).toBeNull();
    expect(nextSort({ field: 'NAME', direction: 'DESC' }, 'EXPIRES_AT')).toEqual({ field: 'EXPIRES_AT', direction: 'ASC' });
  });
});

describe('Tokens page', () => {
  it('puts edit and delete on each row, named after the token', async () => {
    renderPage();
    const row = (await within(await screen.findByRole('table')).findByText('Billing export')).closest('tr')!;
    expect(within(row).getByRole('button', { name: 'Edit token Billing export' })).toBeEnabled();
    expect(within(row).getByRole('button', { name: 'Delete token Billing export' })).toBeInTheDocument();
    expect(within(table()).getByRole('button', { name: 'Edit token Old importer' })).toBeDisabled();
  });

  it('asks the server for the order of a clicked header', async () => {
    const { sent } = renderPage();
    await screen.findByRole('table');
    const header = within(table()).getByRole('columnheader', { name: /Expires/ });
    expect(header).toHaveAttribute('aria-sort', 'none');
    fireEvent.click(within(header).getByRole('button'));
    await waitFor(() => expect(sent.filter((s) => s.name === 'Tokens').at(-1)!.variables.orderBy).toEqual({ field: 'EXPIRES_AT', direction: 'ASC' }));
    expect(within(table()).getByRole('columnheader', { name: /Expires/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('reads the open-to-every-address filter and the order from the address', async () => {
    const { sent } = renderPage('/tokens?open=1&status=ACTIVE&sort=LAST_USED_AT&dir=DESC');
    await screen.findByRole('table');
    expect(sent.find((s) => s.name === 'Tokens')!.variables).toMatchObject({ filter: { openToEveryAddress: true, status: 'ACTIVE' }, orderBy: { field: 'LAST_USED_AT', direction: 'DESC' } });
    expect(screen.getByRole('checkbox', { name: 'Open to every address' })).toBeChecked();
  });

  it('revokes the selected tokens once the confirmation naming them is accepted', async () => {
    const { mutationsSent } = renderPage();
    await screen.findByRole('table');
    expect(within(table()).getByRole('checkbox', { name: 'Select Old importer' })).toBeDisabled();
    fireEvent.click(within(table()).getByRole('checkbox', { name: 'Select every token of this page' }));
    fireEvent.click(screen.getByRole('button', { name: 'Revoke selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke 2 tokens?' });
    const names = within(within(dialog).getByRole('list', { name: 'Tokens to revoke' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(names).toEqual(['Billing export', 'Nightly sync']);
    expect(mutationsSent()).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke 2 tokens' }));
    await waitFor(() => expect(mutationsSent()).toEqual([{ name: 'RevokeTokens', variables: { ids: ['1', '2'] } }]));
  });

  it('sends nothing when the bulk revocation is cancelled', async () => {
    const { mutationsSent } = renderPage();
    await screen.findByRole('table');
    fireEvent.click(within(table()).getByRole('checkbox', { name: 'Select Nightly sync' }));
    fireEvent.click(screen.getByRole('button', { name: 'Revoke selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke Nightly sync?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(mutationsSent()).toEqual([]);
  });
});
