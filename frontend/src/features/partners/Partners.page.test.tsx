import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { fakeClient } from '../../test-utils/client';
import { act, fireEvent, render, screen, waitFor } from '../../test-utils/render';
import { PartnerDrawer } from './Partners.page';

const partner = { __typename: 'Partner' as const, id: '4', name: 'Northwind Payments', businessOwnerEmails: ['nadia@northwind.example'], createdAt: '2026-11-30T10:00:00Z' };

describe('PartnerDrawer', () => {
  it('shows the error beside the field the server names, and stays open', async () => {
    const error = new CombinedError({ graphQLErrors: [new GraphQLError('"not-an-email" is not a valid email address', { extensions: { code: 'BAD_USER_INPUT', field: 'businessOwnerEmails' } })] });
    const { client, mutationsSent } = fakeClient({ mutations: { CreatePartner: { error } } });
    const onClose = vi.fn();
    render(<PartnerDrawer opened partner={null} onClose={onClose} />, { client });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Northwind Payments' } });
    const owners = screen.getByLabelText('Business Owner emails', { selector: 'input' });
    act(() => owners.focus()); // Mantine takes a change to an unfocused input for autofill
    fireEvent.change(owners, { target: { value: 'not-an-email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add partner' }));
    await waitFor(() => expect(screen.getByText('"not-an-email" is not a valid email address')).toBeInTheDocument());
    expect(owners).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid', 'true');
    expect(onClose).not.toHaveBeenCalled();
    // The address typed but never confirmed with Enter was sent all the same.
    expect(mutationsSent()[0]!.variables).toEqual({ input: { name: 'Northwind Payments', businessOwnerEmails: ['not-an-email'] } });
  });

  it('saves the name and the Business Owners of a partner', async () => {
    const { client, mutationsSent } = fakeClient({ mutations: { UpdatePartner: { data: { updatePartner: { ...partner, name: 'Northwind' } } } } });
    const onClose = vi.fn();
    render(<PartnerDrawer opened partner={partner} onClose={onClose} />, { client });
    expect(screen.getByText('nadia@northwind.example')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Northwind' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(mutationsSent()[0]).toEqual({ name: 'UpdatePartner', variables: { id: '4', input: { name: 'Northwind', businessOwnerEmails: ['nadia@northwind.example'] } } });
  });
});
