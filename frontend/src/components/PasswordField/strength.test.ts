import { loadChecker, verdict } from './strength';

describe('password strength', () => {
  it('says what the server would say', async () => {
    const check = await loadChecker();
    const personal = ['ada.lovelace@example.com', 'Ada Lovelace'];
    const say = (pw: string) => verdict(pw, personal, check(pw, ['keyward', 'ada', 'lovelace'])).label;
    expect(say('short')).toBe('5 of at least 12 characters');
    expect(say('passwordpassword')).toMatch(/Too easy/);
    expect(say('123456789012')).toMatch(/Too easy/);
    expect(say('lovelace rides a unicycle')).toBe('Contains your email or name');
    expect(say('correct horse battery staple')).toBe('Strong');
  });
});
