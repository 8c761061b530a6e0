import { ResponseError } from '@backstage/errors';
import { reasonOf } from './errors';

describe('reasonOf', () => {
  it("gives the backend's message of a ResponseError", async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'no such entity' },
        request: { method: 'GET', url: '/status' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    expect(error.message).not.toBe('no such entity');
    expect(reasonOf(error)).toBe('no such entity');
  });

  it('gives the message of any other error', () => {
    expect(reasonOf(new Error('network down'))).toBe('network down');
  });
});
