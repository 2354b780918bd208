import { useLocation } from 'react-router';
import { AuthContext, makeAuth, type Me } from '../../lib/auth';
import { fakeClient, meOf } from '../../test-utils/client';
import { fireEvent, render, screen, waitFor } from '../../test-utils/render';
import { PartnerFilter, usePartnerFilter } from './PartnerSelect';

const partners = {
  partners: {
    __typename: 'PartnerConnection',
    totalCount: 2,
    edges: [
      { __typename: 'PartnerEdge', node: { __typename: 'Partner', id: '5', name: 'Southwind Lending' } },
      { __typename: 'PartnerEdge', node: { __typename: 'Partner', id: '4', name: 'Northwind Payments' } },
    ],
  },
};

function List() {
  const [partnerId, setPartnerId] = usePartnerFilter();
  const { search } = useLocation();
  return (
    <>
      <PartnerFilter value={partnerId} onChange={setPartnerId} />
      <output data-testid="chosen">{partnerId ?? 'none'}</output>
      <output data-testid="address">{search}</output>
    </>
  );
}

function renderAs(me: Me, path = '/users') {
  const fake = fakeClient({ queries: { PartnerOptions: partners } });
  render(
    <AuthContext.Provider value={makeAuth(me, () => {})}>
      <List />
    </AuthContext.Provider>,
    { client: fake.client, path },
  );
  return fake;
}

describe('the partner filter', () => {
  it('lets an organisation administrator narrow a list to a partner, kept in the address', async () => {
    renderAs(meOf({ permissions: ['partners:read'] }), '/users?partner=5');
    expect(screen.getByTestId('chosen').textContent).toBe('5');
    const filter = screen.getByRole('combobox', { name: 'Filter by partner' });
    await waitFor(() => expect(filter).toHaveValue('Southwind Lending'));
    fireEvent.click(filter);
    // The dropdown is still in its opening transition, so the options count as hidden.
    const options = await screen.findAllByRole('option', { hidden: true });
    expect(options.map((o) => o.textContent)).toEqual(['Northwind Payments', 'Southwind Lending']);
    fireEvent.click(screen.getByRole('option', { name: 'Northwind Payments', hidden: true }));
    await waitFor(() => expect(screen.getByTestId('address').textContent).toBe('?partner=4'));
    expect(screen.getByTestId('chosen').textContent).toBe('4');
  });

  it("shows a partner's user no filter, asks for no partners, and ignores a partner in the address", () => {
    const { sent } = renderAs(meOf({ permissions: ['partners:read', 'users:read'], partner: { id: '4', name: 'Northwind Payments' } }), '/users?partner=5');
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.getByTestId('chosen').textContent).toBe('none');
    expect(sent.map((s) => s.name)).not.toContain('PartnerOptions');
  });

  it('shows no filter to those who may not read partners', () => {
    renderAs(meOf({ permissions: ['users:read'] }));
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
