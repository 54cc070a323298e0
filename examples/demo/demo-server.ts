/**
 * Starts the demo on 127.0.0.1: a node:http server around {@link createDemoApp}.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@retain/node';
import { createDemoApp, type DemoAppOptions } from './demo-app.js';

/** Options of {@link startDemo}. */
export interface StartDemoOptions extends DemoAppOptions {
  /** 0 picks a free port. @default 3000 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

/** A running demo. */
export interface RunningDemo {
  url: string;
  /** Stops accepting connections, ends the live streams, and resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * Starts the demo server.
 *
 * @example
 * ```ts
 * import { startDemo } from './demo-server.js';
 * const demo = await startDemo({ port: 0 });
 * console.log(demo.url);
 * await demo.close();
 * ```
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const app = createDemoApp(options);
  const server = createServer(toNodeListener(app.handler));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        app.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 500).unref();
      }),
  };
}
