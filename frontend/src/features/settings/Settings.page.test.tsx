import { fromValue } from 'wonka';
import type { Client } from 'urql';
import { fireEvent, render, screen, waitFor } from '../../test-utils/render';
import { AuthContext, makeAuth, type Me } from '../../lib/auth';
import SettingsPage from './Settings.page';

const settings = {
  __typename: 'Settings',
  businessOwnerEmails: ['owner@example.com'],
  whitelistApproval: true,
  requireWhitelist: false,
  maxTokenLifetimeDays: 365,
  reminderWindowDays: 15,
  approvalLinkLifetimeHours: 72,
  sessionIdleTimeoutMinutes: 30,
  sessionLifetimeHours: 12,
  loginCodeRequired: false,
  auditRetentionDays: 365,
  signInLifetimeDays: 30,
};

const me = { __typename: 'User', id: '1', email: 'ada@example.com', name: 'Ada', role: { __typename: 'Role', id: '1', name: 'Administrator', allPermissions: true, permissions: [] } } as unknown as Me;

function client(mutations: { name: string; variables: Record<string, unknown> }[]) {
  return {
    executeQuery: () => fromValue({ data: { settings, emailStatus: { __typename: 'EmailStatus', transport: 'log', problems: [] } }, stale: false, hasNext: false }),
    executeMutation: (op: { query: { definitions: { name?: { value: string } }[] }; variables: Record<string, unknown> }) => {
      mutations.push({ name: op.query.definitions[0]?.name?.value ?? '', variables: op.variables });
      return fromValue({ data: { updateSettings: { ...settings, ...(op.variables.input as object) } }, stale: false, hasNext: false });
    },
    executeSubscription: () => fromValue({}),
  } as unknown as Client;
}

function renderPage(calls: { name: string; variables: Record<string, unknown> }[]) {
  render(
    <AuthContext.Provider value={makeAuth(me, () => {})}>
      <SettingsPage />
    </AuthContext.Provider>,
    { client: client(calls) },
  );
}

describe('SettingsPage', () => {
  it('saves every setting in one mutation', async () => {
    const calls: { name: string; variables: Record<string, unknown> }[] = [];
    renderPage(calls);
    const lifetime = await screen.findByLabelText('Maximum lifetime (days)');
    fireEvent.change(lifetime, { target: { value: '180' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.name).toBe('UpdateSettings');
    expect(calls[0]!.variables.input).toEqual({ ...Object.fromEntries(Object.entries(settings).filter(([k]) => k !== '__typename')), maxTokenLifetimeDays: 180 });
  });

  it('refuses an emptied number box instead of silently keeping the old value', async () => {
    const calls: { name: string; variables: Record<string, unknown> }[] = [];
    renderPage(calls);
    const idle = await screen.findByLabelText('Idle timeout (minutes)');
    fireEvent.change(idle, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByText('Enter a number')).toBeInTheDocument());
    expect(calls).toHaveLength(0);
  });

  it('shows and saves the lifetime of an API sign-in', async () => {
    const calls: { name: string; variables: Record<string, unknown> }[] = [];
    renderPage(calls);
    const field = await screen.findByLabelText('API sign-in lifetime (days)');
    expect(field).toHaveValue('30');
    expect(screen.getByText(/An API sign-in \(a script's refresh tokens\) ends this many days after its login at the latest/)).toBeInTheDocument();
    fireEvent.change(field, { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.variables.input).toMatchObject({ signInLifetimeDays: 90 });
  });

  it('says when emails only go to the server log', async () => {
    renderPage([]);
    await waitFor(() => expect(screen.getByText(/No SMTP server is configured/)).toBeInTheDocument());
  });
});
