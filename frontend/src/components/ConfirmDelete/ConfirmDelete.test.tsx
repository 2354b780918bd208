import { Button, Text } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { fireEvent, render, screen, waitFor } from '../../test-utils/render';
import { confirmDelete, type DeleteOutcome } from './ConfirmDelete';

function Harness({ answer, onDeleted }: { answer: () => Promise<DeleteOutcome>; onDeleted: () => void }) {
  return (
    <Button onClick={() => confirmDelete({ title: 'Delete Northwind?', confirmLabel: 'Delete partner', children: <Text>Are you sure?</Text>, onConfirm: answer, onDeleted })}>
      Delete
    </Button>
  );
}

function open(answer: () => Promise<DeleteOutcome>) {
  const onDeleted = vi.fn();
  render(
    <ModalsProvider>
      <Harness answer={answer} onDeleted={onDeleted} />
    </ModalsProvider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
  return onDeleted;
}

describe('confirmDelete', () => {
  it('deletes nothing until confirmed, and nothing when cancelled', async () => {
    const answer = vi.fn(async () => null);
    const onDeleted = open(answer);
    await screen.findByText('Are you sure?');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByText('Are you sure?')).toBeNull());
    expect(answer).not.toHaveBeenCalled();
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it("keeps the dialog open with the server's reason when the deletion is refused", async () => {
    const onDeleted = open(async () => 'The partner Northwind still has 2 user(s): move or delete them first.');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete partner' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The partner Northwind still has 2 user(s)');
    expect(screen.getByText('Are you sure?')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete partner' })).toBeNull();
    expect(onDeleted).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByText('Are you sure?')).toBeNull());
  });

  it('closes once deleted, and says so', async () => {
    const onDeleted = open(async () => null);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete partner' }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByText('Are you sure?')).toBeNull());
  });
});
