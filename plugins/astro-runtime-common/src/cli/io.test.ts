import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_FEED_BYTES } from '../catalog';
import { nodeIo } from './io';

describe('nodeIo().fetchText', () => {
  let server: http.Server;
  let base: string;
  let streamed = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      if (req.url === '/small') {
        res.end('{"ok":true}');
        return;
      }
      // chunked, no content-length: the reader must count
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const pump = () => {
        while (streamed < 4 * MAX_FEED_BYTES) {
          streamed += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });

  it('returns a body within the cap', async () => {
    await expect(nodeIo().fetchText(`${base}/small`)).resolves.toBe(
      '{"ok":true}',
    );
  });

  it('refuses a body over MAX_FEED_BYTES without reading all of it', async () => {
    await expect(nodeIo().fetchText(`${base}/huge`)).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    expect(streamed).toBeLessThan(4 * MAX_FEED_BYTES);
  });
});
