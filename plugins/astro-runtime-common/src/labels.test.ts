import { formatDaysLeft } from './labels';

describe('formatDaysLeft', () => {
  it.each([
    [42, '42 days left'],
    [1, '1 day left'],
    [0, 'ends today'],
    [-1, 'ended 1 day ago'],
    [-349, 'ended 349 days ago'],
  ])('%p days → %p', (days, text) => {
    expect(formatDaysLeft(days)).toBe(text);
  });

  it.each([undefined, NaN, Infinity])('%p → undefined', days => {
    expect(formatDaysLeft(days)).toBeUndefined();
  });
});
