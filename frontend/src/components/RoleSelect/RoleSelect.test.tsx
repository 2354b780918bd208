import { fireEvent, render, screen } from '../../test-utils/render';
import { lackText, RoleSelect } from './RoleSelect';

const roles = [
  { id: '1', name: 'Administrator', grantable: false, missingPermissions: ['every permission'] },
  { id: '2', name: 'AGENT', grantable: true, missingPermissions: [] },
  { id: '3', name: 'Auditor', grantable: false, missingPermissions: ['audit:read', 'users:read', 'roles:read', 'settings:write'] },
];

describe('RoleSelect', () => {
  it('greys out the roles the user may not give, with what they lack, and lists them last', () => {
    render(<RoleSelect holder="token" roles={roles} value={null} onChange={vi.fn()} />);
    expect(screen.getByText(/A token can hold only permissions you hold/)).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText(/^Role/, { selector: 'input' }));
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent?.split('.')[0])).toEqual(['AGENT', 'AdministratorIt grants every permission: only an administrator may give it', 'AuditorYou do not hold audit:read, users:read, roles:read and 1 more']);
    expect(options[0]).not.toHaveAttribute('data-combobox-disabled');
    expect(options[1]).toHaveAttribute('data-combobox-disabled');
    expect(options[2]).toHaveAttribute('data-combobox-disabled');
  });

  it('says nothing more when every role may be given', () => {
    render(<RoleSelect holder="user" roles={[roles[1]!]} value={null} onChange={vi.fn()} />);
    expect(screen.queryByText(/can hold only permissions you hold/)).toBeNull();
  });

  it('names what is missing in a few words', () => {
    expect(lackText(['users:write'])).toBe('You do not hold users:write.');
    expect(lackText(['every permission'])).toMatch(/only an administrator/);
  });
});
