import { render, screen } from '../../test-utils/render';
import { Pager } from './Pager';

describe('Pager', () => {
  it('says how many there are in all', () => {
    render(<Pager from={26} count={15} total={40} hasNext={false} onPrev={() => {}} onNext={() => {}} noun="token" />);
    expect(screen.getByText('Showing 26–40 of 40 tokens')).toBeInTheDocument();
  });

  it('says "more than" when the list stopped counting', () => {
    render(<Pager from={1} count={50} total={10000} exact={false} hasNext onPrev={() => {}} onNext={() => {}} noun="event" />);
    expect(screen.getByText('Showing 1–50 of more than 10000 events')).toBeInTheDocument();
  });

  it.each([
    [1, {}, 'Showing 1–1 of 1 user'],
    [0, {}, 'No users'],
    [2, { plural: 'people' }, 'Showing 1–2 of 2 people'],
  ])('counts %i in the right number', (total, more, text) => {
    render(<Pager from={1} count={total} total={total} hasNext={false} onPrev={() => {}} onNext={() => {}} noun="user" {...more} />);
    expect(screen.getByText(text)).toBeInTheDocument();
  });
});
