import { formatLocalTime } from './local-time';

describe('formatLocalTime', () => {
  const t = Date.parse('2026-11-20T14:15:00.123Z');

  it.each([
    [480, '2026-11-20T22:15:00.123+08:00'],
    [0, '2026-11-20T14:15:00.123+00:00'],
    [-300, '2026-11-20T09:15:00.123-05:00'],
    [330, '2026-11-20T19:45:00.123+05:30'],
    [-180, '2026-11-20T11:15:00.123-03:00'],
  ])('offset %d min → %s, the same instant', (offset, expected) => {
    const local = formatLocalTime(t, offset);
    expect(local).toBe(expected);
    expect(Date.parse(local)).toBe(t);
  });
});
