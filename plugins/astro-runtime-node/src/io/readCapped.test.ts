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

describe('readCapped on a Node readable', () => {
  it('reads chunks of every kind in order', async () => {
    const source = Readable.from(
      [Buffer.from('ab'), new Uint8Array([99, 100]), 'ef'],
      { objectMode: true },
    );
    await expect(
      readCappedText(source, { maxBytes: 6, what: 'x' }),
    ).resolves.toBe('abcdef');
  });

  it('stops at the cap: the source is destroyed and read no further', async () => {
    let pulled = 0;
    const source = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(1024, 97));
      },
    });
    const err = await readCapped(source, {
      maxBytes: 10 * 1024,
      what: 'the archive',
    }).catch(e => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect(source.destroyed).toBe(true);
    expect(pulled).toBeLessThan(20);
  });

  it('fails with the source error, and on a close before the end', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(
      readCapped(failing, { maxBytes: 100, what: 'x' }),
    ).rejects.toThrow('connection reset');

    let sent = false;
    const cut = new Readable({
      read() {
        if (sent) return;
        sent = true;
        this.push(Buffer.from('partial'));
        setImmediate(() => this.destroy());
      },
    });
    await expect(
      readCapped(cut, { maxBytes: 100, what: 'x' }),
    ).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('ignores an error the source raises after the cap stopped it', async () => {
    const source = new Readable({
      read() {
        this.push(Buffer.alloc(64, 97));
      },
    });
    await expect(
      readCapped(source, { maxBytes: 32, what: 'x' }),
    ).rejects.toThrow(BodyTooLargeError);
    // an error emitted on the destroyed source must not be unhandled
    expect(() => source.emit('error', new Error('late'))).not.toThrow();
  });

  it('reads an empty body', async () => {
    await expect(
      readCapped(Readable.from([]), { maxBytes: 1, what: 'x' }),
    ).resolves.toEqual(Buffer.alloc(0));
  });
});
