/**
 * The ingest benchmark's floor: a Node HTTP server that does what `aviary serve` does with an export up to the
 * store, and nothing after. It reads the body with the receiver's `readBody` (limits, gzip), decodes it with the
 * receiver's protobuf decoder and answers an empty 200. The benchmark sends it the same bodies as `aviary serve`:
 * its CPU minus the bare decode's is what Node's HTTP costs, and `aviary serve`'s minus its own is what storing
 * the points (and the durable commit) costs. Prints `listening on <url>` once it listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { DEFAULT_BODY_LIMITS, readBody } from '../src/api/read-body';
import { decodeMetricsProtobuf } from '../src/receiver/decode-protobuf';

const server = createServer((req, res) => {
  readBody(req, DEFAULT_BODY_LIMITS)
    .then((body) => {
      let points = 0;
      for (const m of decodeMetricsProtobuf(body).metrics) points += m.points.length;
      if (points === 0) throw new Error('no points decoded');
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
      res.end();
    })
    .catch((error: unknown) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
