/*
 * The bench's load generator: autocannon against the status route, in its
 * own process (forked by harness.js, driven over IPC). Kept apart from the
 * SCM stand-in so that the stand-in's work (building tarballs during a code
 * scan) never delays the client's own timers and reads, which autocannon
 * would count as the server's latency.
 */
'use strict';

const autocannon = require('autocannon');

async function handle(msg) {
  if (msg.cmd === 'stop') {
    setTimeout(() => process.exit(0), 50);
    return {};
  }
  if (msg.cmd !== 'autocannon') throw new Error(`unknown command ${msg.cmd}`);
  const result = await autocannon({
    url: msg.url,
    connections: msg.connections,
    duration: msg.duration,
    requests: [
      {
        method: 'GET',
        setupRequest: r => ({
          ...r,
          path: `${msg.pathPrefix}${Math.floor(
            Math.random() * msg.entities,
          )}/status`,
        }),
      },
    ],
  });
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytes: result.throughput.total,
  };
}

process.on('message', msg => {
  handle(msg).then(
    result => process.send({ id: msg.id, result }),
    error => process.send({ id: msg.id, error: String(error && error.stack) }),
  );
});
process.send({ ready: true });
