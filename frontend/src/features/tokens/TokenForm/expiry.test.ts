import { allowedPresets, endOfDay, presetExpiry } from './expiry';

describe('token expiry presets', () => {
  const now = new Date(2026, 0, 31, 10, 0, 0);
  it('adds the preset to now', () => {
    expect(presetExpiry('24h', now)).toEqual(new Date(2026, 1, 1, 10, 0, 0));
    expect(presetExpiry('1y', now)).toEqual(new Date(2027, 0, 31, 10, 0, 0));
    expect(presetExpiry('none', now)).toBeNull();
  });
  it('ends a picked day at 23:59:59 local time', () => {
    expect(endOfDay('2026-03-05')).toEqual(new Date(2026, 2, 5, 23, 59, 59));
  });
  it('offers only presets within the maximum lifetime', () => {
    expect(allowedPresets(365).map((p) => p.value)).toEqual(['none', '24h', '1m', '3m', '6m', '1y', 'custom']);
    expect(allowedPresets(90).map((p) => p.value)).toEqual(['none', '24h', '1m', 'custom']);
  });
});
