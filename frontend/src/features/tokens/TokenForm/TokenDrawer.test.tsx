import { AuthContext, makeAuth, type Me } from '../../../lib/auth';
import { fakeClient, meOf } from '../../../test-utils/client';
import { fireEvent, render, screen, waitFor } from '../../../test-utils/render';
import { applicationChoices, TokenDrawer } from './TokenDrawer';
import { tokenOf } from './fixtures';
import type { TokenFieldsFragment } from '../../../gql/graphql';

const northwind = { id: '4', name: 'Northwind Payments' };
const apps = [
  { id: '9', name: 'Northwind Checkout', partner: northwind },
  { id: '3', name: 'Back office', partner: null },
  { id: '7', name: 'Acme Mobile', partner: { id: '2', name: 'Acme Fintech' } },
  { id: '8', name: 'Northwind Payouts', partner: northwind },
];

const options = {
  TokenFormOptions: { roles: [], tokenPolicy: { maxLifetimeDays: 365, maxGraceHours: 168, reminderWindowDays: 15 } },
  ApplicationOptions: { applications: { edges: apps.map((node) => ({ node })) } },
};

function renderDrawer(me: Me, application?: { id: string; name: string }) {
  const fake = fakeClient({
    queries: options,
    mutations: { CreateToken: { data: { createToken: { secret: 'kw_secret', token: { id: '11', name: 'Checkout backend' } } } } },
  });
  const onCreated = vi.fn();
  render(
    <AuthContext.Provider value={makeAuth(me, () => {})}>
      <TokenDrawer opened token={null} application={application} onClose={() => {}} onCreated={onCreated} />
    </AuthContext.Provider>,
    { client: fake.client },
  );
  return { ...fake, onCreated };
}

describe('applicationChoices', () => {
  it("groups the applications by partner when there are several, the organisation's own first", () => {
    expect(applicationChoices(apps)).toEqual([
      { group: "Organisation's own", items: [{ value: '3', label: 'Back office' }] },
      { group: 'Acme Fintech', items: [{ value: '7', label: 'Acme Mobile' }] },
      { group: 'Northwind Payments', items: [{ value: '9', label: 'Northwind Checkout' }, { value: '8', label: 'Northwind Payouts' }] },
    ]);
  });

  it("lists a partner's own applications plainly, by name", () => {
    expect(applicationChoices([apps[3]!, apps[0]!])).toEqual([
      { value: '9', label: 'Northwind Checkout' },
      { value: '8', label: 'Northwind Payouts' },
    ]);
  });
});

describe('TokenDrawer', () => {
  it("issues the token for the application whose page it was opened from", async () => {
    const { mutationsSent, sent, onCreated } = renderDrawer(meOf({ permissions: ['tokens:write', 'applications:read'], partner: northwind }), { id: '9', name: 'Northwind Checkout' });
    expect(screen.getByLabelText('Application')).toHaveValue('Northwind Checkout');
    expect(screen.getByLabelText('Application')).toBeDisabled();
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Checkout backend' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate token' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith('kw_secret', 'Checkout backend'));
    expect(mutationsSent()[0]!.variables.input).toMatchObject({ name: 'Checkout backend', applicationId: '9' });
    expect(sent.map((s) => s.name)).not.toContain('ApplicationOptions');
  });

  it('lets one who reads applications pick one, or none', async () => {
    const { mutationsSent, onCreated } = renderDrawer(meOf({ all: true }));
    const picker = screen.getByRole('combobox', { name: 'Application' });
    fireEvent.click(picker);
    fireEvent.click(await screen.findByRole('option', { name: 'Acme Mobile', hidden: true }));
    await waitFor(() => expect(picker).toHaveValue('Acme Mobile'));
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Mobile backend' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate token' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(mutationsSent()[0]!.variables.input).toMatchObject({ name: 'Mobile backend', applicationId: '7' });
  });

  it('asks nothing about applications of one who may not read them', async () => {
    const { mutationsSent, sent, onCreated } = renderDrawer(meOf({ permissions: ['tokens:write'] }));
    expect(screen.queryByRole('combobox', { name: 'Application' })).toBeNull();
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Nightly export' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate token' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect((mutationsSent()[0]!.variables.input as { applicationId?: string }).applicationId).toBeUndefined();
    expect(sent.map((s) => s.name)).not.toContain('ApplicationOptions');
  });
});

const roles = [
  { __typename: 'Role', id: '3', name: 'Auditor', allPermissions: false, permissions: ['audit:read'], grantable: true, missingPermissions: [] },
  { __typename: 'Role', id: '4', name: 'Security Manager', allPermissions: false, permissions: ['tokens:read', 'tokens:write'], grantable: true, missingPermissions: [] },
];

function renderEdit(token: TokenFieldsFragment, reminderWindowDays: number | null = 7) {
  const fake = fakeClient({
    queries: reminderWindowDays === null ? {} : { TokenFormOptions: { roles, tokenPolicy: { maxLifetimeDays: 365, maxGraceHours: 168, reminderWindowDays } } },
    mutations: {
      UpdateToken: { data: { updateToken: token } },
      AddWhitelistEntry: { data: { addWhitelistEntry: { id: '30', cidr: '203.0.113.7/32', status: 'APPROVED' } } },
      RemoveWhitelistEntry: { data: { removeWhitelistEntry: true } },
    },
  });
  const onClose = vi.fn();
  render(
    <AuthContext.Provider value={makeAuth(meOf({ all: true }), () => {})}>
      <TokenDrawer opened token={token} onClose={onClose} onCreated={() => {}} />
    </AuthContext.Provider>,
    { client: fake.client },
  );
  return { ...fake, onClose };
}

describe('TokenDrawer, editing', () => {
  it('sends nothing when Save is pressed on an untouched token', async () => {
    const { mutationsSent, onClose } = renderEdit(tokenOf());
    expect(screen.getByText('No changes yet: Save changes nothing.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(mutationsSent()).toEqual([]);
  });

  it('keeps whitelist changes for Save, lists every change, then sends only those', async () => {
    const { mutationsSent, onClose } = renderEdit(tokenOf());
    fireEvent.change(screen.getByRole('textbox', { name: 'New IP' }), { target: { value: '203.0.113.7' } });
    fireEvent.click(screen.getByRole('button', { name: 'New IP' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove 10.0.0.0/8' }));
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'Billing export v2' } });
    // Nothing is sent before Save.
    expect(mutationsSent()).toEqual([]);
    expect(screen.getByText('203.0.113.7/32')).toBeInTheDocument();
    const changes = screen.getByRole('region', { name: 'Changes to save' });
    expect(changes).toHaveTextContent('Name: Billing export → Billing export v2');
    expect(changes).toHaveTextContent('Whitelist: add 203.0.113.7');
    expect(changes).toHaveTextContent('Whitelist: remove 10.0.0.0/8');
    expect(changes).not.toHaveTextContent('Expiry');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(mutationsSent()).toEqual([
      { name: 'UpdateToken', variables: { id: '7', input: { name: 'Billing export v2' } } },
      { name: 'AddWhitelistEntry', variables: { tokenId: '7', cidr: '203.0.113.7' } },
      { name: 'RemoveWhitelistEntry', variables: { id: '21' } },
    ]);
  });

  it('takes the reminder window from the settings, and says no number before it knows it', () => {
    renderEdit(tokenOf(), 7);
    expect(screen.getByRole('checkbox', { name: 'Email me every day from 7 days before it expires, until it is renewed' })).toBeChecked();
  });

  it('words the reminder without a number when the settings are not known', () => {
    renderEdit(tokenOf(), null);
    expect(screen.getByRole('checkbox', { name: 'Email me every day as its expiry nears, until it is renewed' })).toBeInTheDocument();
  });
});
