import {
  entityStatusQuery,
  historyQuery,
  parseQuery,
  statusesQuery,
  summaryQuery,
} from './query';

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect((e as Error).name).toBe('InputError');
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('parseQuery', () => {
  it('reads lists from commas and repeated parameters', () => {
    expect(
      parseQuery(statusesQuery, {
        owner: ['team-a, team-b', 'team-c'],
        state: 'unsupported,,',
        line: ' ',
      }),
    ).toEqual({
      owner: ['team-a', 'team-b', 'team-c'],
      state: ['unsupported'],
      limit: 50,
      view: 'full',
    });
  });

  it('applies the defaults and trims text', () => {
    expect(parseQuery(statusesQuery, {})).toEqual({
      limit: 50,
      view: 'full',
    });
    expect(parseQuery(summaryQuery, undefined)).toEqual({ days: 90 });
    expect(parseQuery(historyQuery, { days: '' })).toEqual({ days: 30 });
    expect(
      parseQuery(statusesQuery, { q: '  etl  ', cursor: '', limit: '500' }),
    ).toEqual({ q: 'etl', limit: 500, view: 'full' });
    expect(parseQuery(summaryQuery, { q: '   ', days: '366' })).toEqual({
      days: 366,
    });
  });

  it('reads the list view', () => {
    expect(parseQuery(statusesQuery, { view: 'rows' }).view).toBe('rows');
    expect(parseQuery(statusesQuery, { view: 'full' }).view).toBe('full');
    expect(inputError(() => parseQuery(statusesQuery, { view: 'all' }))).toBe(
      `Query parameter 'view' must be full or rows`,
    );
  });

  it('reads flags', () => {
    expect(
      parseQuery(summaryQuery, { mustMoveToAirflow3: 'true' })
        .mustMoveToAirflow3,
    ).toBe(true);
    for (const off of ['false', '']) {
      expect(
        parseQuery(summaryQuery, { mustMoveToAirflow3: off })
          .mustMoveToAirflow3,
      ).toBeUndefined();
    }
    expect(parseQuery(entityStatusQuery, {})).toEqual({ fresh: false });
    for (const on of ['', 'true', '1']) {
      expect(parseQuery(entityStatusQuery, { fresh: on })).toEqual({
        fresh: true,
      });
    }
    expect(parseQuery(entityStatusQuery, { fresh: '0' })).toEqual({
      fresh: false,
    });
  });

  it('ignores parameters it does not know', () => {
    expect(parseQuery(historyQuery, { days: '7', _: '123' })).toEqual({
      days: 7,
    });
  });

  it('names each bad parameter in a 400', () => {
    expect(inputError(() => parseQuery(statusesQuery, { limit: '0' }))).toBe(
      `Query parameter 'limit' must be an integer from 1 to 500`,
    );
    for (const limit of ['abc', '1.5', '-1', '501', '1e2', ' 5']) {
      expect(inputError(() => parseQuery(statusesQuery, { limit }))).toMatch(
        /^Query parameter 'limit' must be an integer from 1 to 500$/,
      );
    }
    expect(inputError(() => parseQuery(historyQuery, { days: '9999' }))).toBe(
      `Query parameter 'days' must be an integer from 1 to 366`,
    );
    expect(
      inputError(() => parseQuery(summaryQuery, { days: ['1', '2'] })),
    ).toBe(`Query parameter 'days' must be given once`);
    expect(inputError(() => parseQuery(statusesQuery, { q: ['a', 'b'] }))).toBe(
      `Query parameter 'q' must be given once`,
    );
    expect(
      inputError(() => parseQuery(summaryQuery, { mustMoveToAirflow3: 'yes' })),
    ).toBe(`Query parameter 'mustMoveToAirflow3' must be true or false`);
    expect(
      inputError(() => parseQuery(entityStatusQuery, { fresh: 'maybe' })),
    ).toBe(`Query parameter 'fresh' must be true or false`);
    expect(
      inputError(() => parseQuery(statusesQuery, { owner: { x: 'a' } })),
    ).toBe(`Query parameter 'owner' must be a comma-separated list of values`);
    // every bad parameter is named
    expect(
      inputError(() =>
        parseQuery(statusesQuery, { limit: 'x', cursor: ['a', 'b'] }),
      ),
    ).toBe(
      `Query parameter 'cursor' must be given once; Query parameter 'limit' must be an integer from 1 to 500`,
    );
  });
});
