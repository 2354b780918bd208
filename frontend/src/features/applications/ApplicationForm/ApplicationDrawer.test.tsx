import { AuthContext, makeAuth, type Me } from '../../../lib/auth';
import { fakeClient, meOf } from '../../../test-utils/client';
import { fireEvent, render, screen, waitFor } from '../../../test-utils/render';
import { ApplicationDrawer } from './ApplicationDrawer';

const created = { __typename: 'Application', id: '9', clientId: 'app_0123456789abcdefghij', name: 'Checkout', description: '', createdAt: '2026-11-30T10:00:00Z', partner: null };
const partners = {
  partners: { __typename: 'PartnerConnection', totalCount: 1, edges: [{ __typename: 'PartnerEdge', node: { __typename: 'Partner', id: '4', name: 'Northwind Payments' } }] },
};

function renderAs(me: Me, partnerId: string | null = null) {
  const fake = fakeClient({ queries: { PartnerOptions: partners }, mutations: { CreateApplication: { data: { createApplication: created } } } });
  const onCreated = vi.fn();
  render(
    <AuthContext.Provider value={makeAuth(me, () => {})}>
      <ApplicationDrawer opened application={null} partnerId={partnerId} onClose={() => {}} onCreated={onCreated} />
    </AuthContext.Provider>,
    { client: fake.client },
  );
  return { ...fake, onCreated };
}

describe('ApplicationDrawer', () => {
  it("lets an organisation administrator create an application for a partner (the list's, to start with)", async () => {
    const { mutationsSent, onCreated } = renderAs(meOf({ permissions: ['partners:read', 'applications:write'] }), '4');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Partner' })).toHaveValue('Northwind Payments'));
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Checkout' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create application' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ id: '9' })));
    expect(mutationsSent()[0]!.variables).toEqual({ input: { name: 'Checkout', description: '', partnerId: '4' } });
  });

  it("never asks a partner's user for a partner, nor sends one", async () => {
    const { mutationsSent, sent, onCreated } = renderAs(meOf({ permissions: ['partners:read', 'applications:write'], partner: { id: '4', name: 'Northwind Payments' } }), '5');
    expect(screen.queryByRole('combobox', { name: 'Partner' })).toBeNull();
    expect(screen.getByText('The application belongs to Northwind Payments.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Checkout' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create application' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(mutationsSent()[0]!.variables).toEqual({ input: { name: 'Checkout', description: '' } });
    expect(sent.map((s) => s.name)).not.toContain('PartnerOptions');
  });
});
