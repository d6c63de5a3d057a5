import { ResponseError } from '@backstage/errors';
import { describeError } from './describeError';

describe('describeError', () => {
  it('prefers the message in a Backstage error body', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Not allowed: x' },
        request: { method: 'POST', url: '/x' },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(describeError(await ResponseError.fromResponse(response))).toBe(
      'Not allowed: x',
    );
  });

  it('falls back to plain messages', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('text')).toBe('text');
  });
});
