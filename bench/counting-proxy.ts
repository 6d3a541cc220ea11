// A loopback HTTP proxy in front of the emulator that counts the IVS calls passing through it, by operation.
// Requests are forwarded unchanged (Host included), so SigV4 signatures made for the proxy's address verify.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingProxy {
  readonly url: string;
  /** Calls seen so far for one operation (the REST path is `/<Operation>` for most of them). */
  calls(operation: string): number;
  /** The most calls of one operation within any one-second window (sliding), since `since` (ms). */
  peakPerSecond(operation: string, since?: number): number;
  /** Operations seen. */
  operations(): string[];
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const times = new Map<string, number[]>();
  const server: Server = createServer((incoming, outgoing) => {
    const operation = (incoming.url ?? "/").split("?")[0]?.split("/")[1] ?? "";
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    times.set(operation, [...(times.get(operation) ?? []), Date.now()]);
    const forwarded = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: (operation) => counts.get(operation) ?? 0,
    peakPerSecond: (operation, since = 0) => {
      const list = (times.get(operation) ?? []).filter((t) => t >= since);
      let peak = 0;
      let start = 0;
      for (let end = 0; end < list.length; end++) {
        while ((list[end] ?? 0) - (list[start] ?? 0) >= 1000) start++;
        peak = Math.max(peak, end - start + 1);
      }
      return peak;
    },
    operations: () => [...counts.keys()],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
