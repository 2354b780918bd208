import { AuthContext, makeAuth } from '../../lib/auth';
import { meOf } from '../../test-utils/client';
import { render, screen, within } from '../../test-utils/render';
import HomePage from './Home.page';

function goTo(me: ReturnType<typeof meOf>): string[] {
  render(
    <AuthContext.Provider value={makeAuth(me, () => {})}>
      <HomePage />
    </AuthContext.Provider>,
  );
  const heading = screen.queryByRole('heading', { name: 'Go to' });
  if (!heading) return [];
  return within(heading.parentElement!)
    .getAllByRole('link')
    .map((a) => a.getAttribute('href')!);
}

describe('Home', () => {
  it('offers the pages the route map lets the user open', () => {
    expect(goTo(meOf({ permissions: ['audit:read', 'roles:read', 'partners:read'] }))).toEqual(['/partners', '/roles', '/modules', '/audit']);
  });

  it("offers a partner's user none of the organisation's pages, whatever the role", () => {
    expect(goTo(meOf({ all: true, partner: { id: '4', name: 'Northwind' } }))).toEqual(['/applications', '/users', '/tokens', '/roles', '/modules', '/audit']);
  });

  it('says so when the role opens nothing', () => {
    expect(goTo(meOf())).toEqual([]);
    expect(screen.getByText(/Your role does not give access to any page/)).toBeInTheDocument();
  });
});
