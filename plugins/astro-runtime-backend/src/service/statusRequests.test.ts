import {
  decodeCursor,
  encodeCursor,
  entityRefFromParams,
  statusFilter,
} from './statusRequests';

describe('statusFilter', () => {
  it('names owners as full group refs', () => {
    expect(
      statusFilter({
        owner: ['team-a', 'group:ops/team-b', 'user:default/alice'],
        state: ['unsupported'],
        q: 'etl',
        limit: 10,
      }),
    ).toEqual({
      owner: ['group:default/team-a', 'group:ops/team-b', 'user:default/alice'],
      state: ['unsupported'],
      line: undefined,
      mustMoveToAirflow3: undefined,
      q: 'etl',
    });
  });
});

describe('list cursors', () => {
  it('resume after the key they were made from', () => {
    const key = 'component:default/e-0042';
    expect(decodeCursor(encodeCursor(key))).toBe(key);
  });

  it('refuse cursors this service did not make', () => {
    const foreign = Buffer.from('{"x":1}').toString('base64url');
    for (const cursor of ['', 'not a cursor!', foreign, 'e30']) {
      expect(() => decodeCursor(cursor)).toThrow(
        "Query parameter 'cursor' is not a cursor from a previous page",
      );
    }
  });
});

describe('entityRefFromParams', () => {
  it('makes a ref with a lower-cased kind from valid parameters', () => {
    expect(
      entityRefFromParams({
        kind: 'Component',
        namespace: 'default',
        name: 'a.b_c',
      }),
    ).toBe('component:default/a.b_c');
  });

  it('refuses malformed parameters', () => {
    for (const params of [
      { kind: 'comp onent', namespace: 'default', name: 'x' },
      { kind: 'component', namespace: '../x', name: 'x' },
      { kind: 'component', namespace: 'default', name: '' },
      { kind: 'component', namespace: 'default' },
    ]) {
      expect(entityRefFromParams(params)).toBeUndefined();
    }
  });
});
