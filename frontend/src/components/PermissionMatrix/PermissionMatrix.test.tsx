import { useState } from 'react';
import { fireEvent, render, screen } from '../../test-utils/render';
import { matrixActions, PermissionMatrix, PermissionSummary, type MatrixModule } from './PermissionMatrix';

const modules: MatrixModule[] = [
  { key: 'users', name: 'Users', builtin: true, actions: ['read', 'write'] },
  { key: 'clients', name: 'Clients', builtin: false, actions: ['delete', 'read', 'create'] },
  { key: 'logs', name: 'Logs', builtin: false, actions: ['read'] },
];

function Harness({ initial = [], onChange }: { initial?: string[]; onChange?: (v: string[]) => void }) {
  const [v, setV] = useState(initial);
  return (
    <PermissionMatrix
      modules={modules}
      value={v}
      onChange={(n) => {
        setV(n);
        onChange?.(n);
      }}
    />
  );
}

describe('PermissionMatrix', () => {
  it('orders the action columns read, create, update, delete, write…', () => {
    expect(matrixActions(modules)).toEqual(['read', 'create', 'delete', 'write']);
  });

  it('toggles one cell', () => {
    const changes: string[][] = [];
    render(<Harness onChange={(v) => changes.push(v)} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'clients:create' }));
    expect(changes.at(-1)).toEqual(['clients:create']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'clients:create' }));
    expect(changes.at(-1)).toEqual([]);
  });

  it('toggles a whole module from its row', () => {
    const changes: string[][] = [];
    render(<Harness onChange={(v) => changes.push(v)} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'All of Clients' }));
    expect(changes.at(-1)).toEqual(['clients:create', 'clients:delete', 'clients:read']);
  });

  it('toggles an action across every module from its column', () => {
    const changes: string[][] = [];
    render(<Harness initial={['users:write']} onChange={(v) => changes.push(v)} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'All read' }));
    expect(changes.at(-1)).toEqual(['clients:read', 'logs:read', 'users:read', 'users:write']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'All read' }));
    expect(changes.at(-1)).toEqual(['users:write']);
  });

  it('shows no checkbox where a module lacks the action', () => {
    render(<Harness />);
    expect(screen.queryByRole('checkbox', { name: 'logs:delete' })).toBeNull();
  });

  it('is all checked and disabled for a role holding every permission', () => {
    render(<PermissionMatrix modules={modules} value={[]} readOnly />);
    const cell = screen.getByRole('checkbox', { name: 'clients:read' });
    expect(cell).toBeChecked();
    expect(cell).toBeDisabled();
  });
});

describe('PermissionMatrix qualifiers', () => {
  const fincode: MatrixModule[] = [
    { key: 'transactions', name: 'Transactions', builtin: false, actions: ['read', 'read:own', 'create'] },
    { key: 'markups', name: 'Markups', builtin: false, actions: ['manage:own'] },
  ];

  it('shows a qualified permission as a badge in its action column, and toggles it on its own', () => {
    const changes: string[][] = [];
    function Q() {
      const [v, setV] = useState<string[]>([]);
      return (
        <PermissionMatrix
          modules={fincode}
          value={v}
          onChange={(n) => {
            setV(n);
            changes.push(n);
          }}
        />
      );
    }
    render(<Q />);
    expect(matrixActions(fincode)).toEqual(['read', 'create', 'manage']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'transactions:read:own' }));
    expect(changes.at(-1)).toEqual(['transactions:read:own']);
    // A module's "all" takes a qualified action only where the plain one is not offered.
    fireEvent.click(screen.getByRole('checkbox', { name: 'All of Markups' }));
    expect(changes.at(-1)).toEqual(['markups:manage:own', 'transactions:read:own']);
  });

  it('summarises a qualified permission with its qualifier', () => {
    render(<PermissionSummary permissions={['transactions:read:own', 'transactions:create', 'quotes:request']} />);
    expect(screen.getByText('transactions: read (own), create')).toBeInTheDocument();
  });
});
