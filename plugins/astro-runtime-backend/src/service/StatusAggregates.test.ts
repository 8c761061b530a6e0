import { adoptionFromChanges, dayWindow } from './StatusAggregates';

describe('dayWindow', () => {
  it('lists the days up to now (UTC), oldest first', () => {
    expect(dayWindow(new Date('2025-03-01T23:30:00.000Z'), 3)).toEqual([
      '2025-02-27',
      '2025-02-28',
      '2025-03-01',
    ]);
    expect(dayWindow(new Date('2025-03-01T00:00:00.000Z'), 1)).toEqual([
      '2025-03-01',
    ]);
  });
});

describe('adoptionFromChanges', () => {
  it('keeps running totals and drops versions that reach zero', () => {
    expect(
      adoptionFromChanges(
        [
          { day: '2025-06-01', version: '12.4.0', delta: 2 },
          { day: '2025-06-02', version: '12.4.0', delta: -2 },
          { day: '2025-06-02', version: '13.0.0', delta: 2 },
        ],
        ['2025-06-01', '2025-06-02', '2025-06-03'],
      ),
    ).toEqual([
      { day: '2025-06-01', versions: { '12.4.0': 2 } },
      { day: '2025-06-02', versions: { '13.0.0': 2 } },
      { day: '2025-06-03', versions: { '13.0.0': 2 } },
    ]);
  });
});
