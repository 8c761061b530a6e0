import { createMockDirectory } from '@backstage/backend-test-utils';
import { UpstreamError } from '../errors';
import { readCappedFile } from './http';

describe('readCappedFile', () => {
  const dir = createMockDirectory({
    content: {
      'small.txt': 'hello',
      'big.txt': 'x'.repeat(2048),
    },
  });

  it('reads a file within the cap', async () => {
    await expect(
      readCappedFile(dir.resolve('small.txt'), {
        maxBytes: 1024,
        what: 'small.txt',
        tooLargeCode: 'too-large',
      }),
    ).resolves.toBe('hello');
  });

  it('fails a file past the cap as an UpstreamError with the given code', async () => {
    const read = readCappedFile(dir.resolve('big.txt'), {
      maxBytes: 1024,
      what: 'big.txt',
      tooLargeCode: 'feed-too-large',
    });
    await expect(read).rejects.toBeInstanceOf(UpstreamError);
    await expect(read).rejects.toMatchObject({
      code: 'feed-too-large',
      message: expect.stringContaining('big.txt'),
    });
  });

  it('throws other read errors as they are', async () => {
    await expect(
      readCappedFile(dir.resolve('missing.txt'), {
        maxBytes: 1024,
        what: 'missing.txt',
        tooLargeCode: 'too-large',
      }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
