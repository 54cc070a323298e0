/**
 * The bench's processes: ingest servers (`ingest-server.ts`) and the load generator (`load.ts`),
 * each started as a process of its own (the benches and the multi-instance tests use them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The figures `load.ts` prints. */
export interface LoadResult {
  events: number;
  batches: number;
  seconds: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  retries: number;
  resent: number;
  /** Slowest answer of any status, and the slowest 503, in ms. */
  slowest: number;
  slowest503: number;
  /** The 99th percentile of the waits for a 503, in ms. */
  p99of503: number;
  /** Requests that got no answer within `--timeout-ms`. */
  timeouts: number;
  /** 503 answers without `Retry-After`. */
  withoutRetryAfter: number;
}

/** A running ingest server. */
export interface ServerProcess {
  url: string;
  /** The port it listens on (to start a successor on the same one). */
  port: number;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves when its output matches `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts `ingest-server.ts` with these arguments (and `nodeArgs` for node, e.g. `--cpu-prof`); resolves when it listens. */
export function startServer(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=@retain/source', '--expose-gc', ...nodeArgs, '--import', 'tsx', 'bench/ingest/ingest-server.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: Array<() => void> = [];
  const output = () => out;
  const waitFor = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      if (pattern.test(out)) return resolve();
      const timer = setTimeout(() => reject(new Error(`the ingest server did not print ${pattern} within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const check = () => {
        if (!pattern.test(out)) return;
        clearTimeout(timer);
        resolve();
      };
      waiters.push(check);
    });
  const note = (c: Buffer) => {
    out += c.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', note);
  child.stderr!.on('data', note);
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`ingest server exited (${code}): ${out}`));
    child.once('exit', onExit);
    void waitFor(/listening (\S+)/, 60_000).then(
      () => {
        child.off('exit', onExit);
        const url = /listening (\S+)/.exec(out)![1]!;
        resolve({ url, port: Number(new URL(url).port), child, output, waitFor });
      },
      reject,
    );
  });
}

/** Resolves once the server has committed `n` transactions (the load is under way). */
export async function committed(server: ServerProcess, n: number, timeoutMs = 60_000): Promise<void> {
  const url = server.url.replace('/v1/batch', '/stats');
  for (const started = Date.now(); Date.now() - started < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const stats = (await (await fetch(url)).json()) as { committed: number };
    if (stats.committed >= n) return;
  }
  throw new Error(`the ingest server did not commit ${n} transactions within ${timeoutMs} ms`);
}

/** Stops a server politely (SIGTERM; SIGKILL after 5 s); resolves when it exited. */
export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Kills a server at once (kill -9: no cleanup, connections cut); resolves when it is gone. */
export function killServer(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Runs `load.ts` in its own process; resolves to its figures (`child`: to kill it when a test fails). */
export function runLoad(args: string[]): Promise<LoadResult> & { child: ChildProcess } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ingest/load.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return Object.assign(new Promise<LoadResult>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult) : reject(new Error(`load exited ${code}: ${out}`))));
  }), { child });
}
