/**
 * A real local HTTP server (node:http on 127.0.0.1) for the demo shop page: the page's HTML and
 * CSS, the app bundled from source with esbuild (ESM, code-split: the messages chunk is separate),
 * and a collector endpoint that records the batches it receives. Every response carries a strict
 * Content-Security-Policy — no 'unsafe-inline', no 'unsafe-eval'.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Linen &amp; Oak — Cart</title><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/demo.css"><script type="module" src="/app.js"></script></head>
<body>
<header><a class="brand" href="/">Linen &amp; Oak</a><nav><a href="/shop">Shop</a><a href="/journal">Journal</a><button id="cart-button" type="button">Cart (2)</button></nav></header>
<main>
<h1>Your cart</h1>
<ul class="items"><li><span>Linen apron, natural</span><span>$34.00</span></li><li><span>Oak spoon set</span><span>$18.00</span></li></ul>
<p class="total">Total <strong>$52.00</strong></p>
<div id="recommendations"></div>
<p class="note">Free returns within 30 days. Orders ship from Lisbon.</p>
</main>
</body></html>`;

const CSS = `:root{--retain-accent:#1f5f4a;--retain-font:Georgia,serif;font-family:Georgia,serif;color:#222;background:#f6f3ee}
body{margin:0}header{display:flex;justify-content:space-between;align-items:center;padding:14px 28px;background:#fff;border-bottom:1px solid #e4ded4}
.brand{font-weight:700;font-size:20px;color:#1f5f4a;text-decoration:none}nav{display:flex;gap:18px;align-items:center}nav a{color:#333}
#cart-button{font:inherit;padding:6px 14px;border:1px solid #1f5f4a;border-radius:8px;background:#fff;color:#1f5f4a}
main{max-width:640px;margin:0 auto;padding:24px 28px}.items{list-style:none;padding:0}.items li{display:flex;justify-content:space-between;padding:12px 0;border-bottom:1px solid #e4ded4}
.total{text-align:right;font-size:18px}#recommendations{margin:24px 0}.note{color:#555;font-size:14px}`;

/** The demo server: its URL, what the collector received, and `close()`. */
export interface DemoServer {
  url: string;
  /** Every JSON batch POSTed to `/v1/batch`. */
  batches: unknown[];
  /** Paths requested, in order. */
  requests: string[];
  /** The emitted JavaScript files (name → text), to check that the messages chunk is separate. */
  files: Map<string, string>;
  close(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  const entry = fileURLToPath(new URL('./demo-app.ts', import.meta.url));
  const result = await build({
    entryPoints: { app: entry },
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: '/virtual',
    write: false,
    platform: 'browser',
    target: 'es2022',
    conditions: ['@retain/source', 'browser'],
    minify: true,
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [f.path.replace('/virtual/', ''), f.text]));
  const batches: unknown[] = [];
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    res.setHeader('Content-Security-Policy', STRICT_CSP);
    if (req.method === 'POST' && path === '/v1/batch') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        batches.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
      });
      return;
    }
    const js = files.get(path.slice(1));
    if (js !== undefined) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    if (path === '/demo.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(CSS);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    batches,
    requests,
    files,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
