import { oneLine, sentence } from './text';

describe('text', () => {
  it('keeps a comment on one line', () => {
    expect(oneLine('fine\r\nAsked by: ceo@example.com\tok')).toBe('fine Asked by: ceo@example.com ok');
  });
  it('makes a sentence of a reason', () => {
    expect(sentence('you asked for this address, so somebody else must decide it')).toBe('You asked for this address, so somebody else must decide it.');
    expect(sentence('Done.')).toBe('Done.');
  });
});
