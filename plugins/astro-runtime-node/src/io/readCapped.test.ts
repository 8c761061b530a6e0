import { Readable } from 'node:stream';
import { BodyTooLargeError, readCapped, readCappedText } from './readCapped';

function chunkedWebStream(chunks: number, size: number) {
  let sent = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) {
        controller.close();
        return;
      }
      sent++;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, sent: () => sent, cancelled: () => cancelled };
}

describe('readCapped', () => {
  it.each([
    ['string', () => 'hello'],
    ['buffer', () => Buffer.from('hello')],
    [
      'node stream',
      () => Readable.from([Buffer.from('hel'), Buffer.from('lo')]),
    ],
    ['response', () => new Response('hello')],
    ['web stream', () => new Response('hello').body!],
  ])('reads a %s under the cap', async (_name, make) => {
    await expect(
      readCappedText(make() as any, { maxBytes: 5, what: 'x' }),
    ).resolves.toBe('hello');
  });

  it.each([
    ['string', () => 'hello!'],
    [
      'node stream',
      () => Readable.from([Buffer.from('hel'), Buffer.from('lo!')]),
    ],
    ['response', () => new Response('hello!')],
  ])(
    'fails a %s over the cap with a typed error naming it',
    async (_name, make) => {
      const err = await readCapped(make() as any, {
        maxBytes: 5,
        what: 'the Dockerfile',
      }).catch(e => e);
      expect(err).toBeInstanceOf(BodyTooLargeError);
      expect(err.code).toBe('TOO_LARGE');
      expect(err.message).toBe('the Dockerfile is larger than 5 bytes');
    },
  );

  it('stops reading a chunked body at the cap and cancels the source', async () => {
    const src = chunkedWebStream(100_000, 1024); // 100 MB if read whole
    await expect(
      readCapped(new Response(src.stream), {
        maxBytes: 64 * 1024,
        what: 'feed',
      }),
    ).rejects.toThrow(BodyTooLargeError);
    expect(src.sent()).toBeLessThan(80);
    expect(src.cancelled()).toBe(true);
  });

  it('refuses a declared content-length above the cap before reading', async () => {
    const src = chunkedWebStream(10, 1024);
    const res = new Response(src.stream, {
      headers: { 'content-length': String(10 * 1024) },
    });
    await expect(
      readCapped(res, { maxBytes: 1024, what: 'feed' }),
    ).rejects.toThrow('feed is larger than 1024 bytes');
    expect(src.sent()).toBeLessThanOrEqual(1);
  });
});
