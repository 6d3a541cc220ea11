// A bare HTTP server in its own process that answers every request with one fixed JSON body.
// Its CPU is not counted in the client benchmark (the client measures its own process only).
import { createServer } from "node:http";

const body = process.env.BENCH_BODY ?? "{}";
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, {
      "content-type": "application/json",
      "x-amzn-requestid": "bench",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
