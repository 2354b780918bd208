import { render, screen } from '../../test-utils/render';
import { Pager } from './Pager';

describe('Pager', () => {
  it('says how many there are in all', () => {
    render(<Pager from={26} count={15} total={40} hasNext={false} onPrev={() => {}} onNext={() => {}} noun="tokens" />);
    expect(screen.getByText('Showing 26–40 of 40 tokens')).toBeInTheDocument();
  });

  it('says "more than" when the list stopped counting', () => {
    render(<Pager from={1} count={50} total={10000} exact={false} hasNext onPrev={() => {}} onNext={() => {}} noun="events" />);
    expect(screen.getByText('Showing 1–50 of more than 10000 events')).toBeInTheDocument();
  });
});
