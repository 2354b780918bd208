import { fromValue } from 'wonka';
import type { Client } from 'urql';
import { ModalsProvider } from '@mantine/modals';
import { Button } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '../../../test-utils/render';
import type { TokenFieldsFragment } from '../../../gql/graphql';
import { SecretDialog } from '../../../components/SecretDialog/SecretDialog';
import { useTokenActions } from './actions';

const token = { id: '7', name: 'Billing sync', hint: 'kw_AbCd…wxyz' } as TokenFieldsFragment;

function Harness() {
  const actions = useTokenActions(() => {});
  return <Button onClick={() => actions.remove(token)}>Delete</Button>;
}

describe('token actions', () => {
  it('deletes only once the deletion is confirmed', async () => {
    const sent: string[] = [];
    const client = {
      executeQuery: () => fromValue({ data: {}, stale: false, hasNext: false }),
      executeMutation: (op: { query: { definitions: { name?: { value: string } }[] } }) => {
        sent.push(op.query.definitions[0]?.name?.value ?? '');
        return fromValue({ data: { deleteToken: true }, stale: false, hasNext: false });
      },
      executeSubscription: () => fromValue({}),
    } as unknown as Client;
    render(
      <ModalsProvider>
        <Harness />
      </ModalsProvider>,
      { client },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getByText('Delete Billing sync?')).toBeInTheDocument());
    expect(sent).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByText('Delete Billing sync?')).toBeNull());
    expect(sent).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete token' }));
    await waitFor(() => expect(sent).toEqual(['DeleteToken']));
  });
});

describe('SecretDialog', () => {
  it('shows the whole secret, once, with a copy button', () => {
    const secret = 'kw_' + 'A'.repeat(43) + 'abcdef';
    render(<SecretDialog secret={secret} name="Billing sync" onClose={() => {}} />);
    expect(screen.getByTestId('token-secret').textContent).toBe(secret);
    expect(screen.getByRole('button', { name: 'Copy token' })).toBeInTheDocument();
    expect(screen.getByText(/It will not be shown again/)).toBeInTheDocument();
  });
});
