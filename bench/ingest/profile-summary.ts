/**
 * Summarises a V8 CPU profile of an ingest server (`npm run bench:ingest -- --cpu-prof DIR`):
 * the share of the samples in each part of the work (validation, fold, rules, send checks,
 * store, HTTP, GC, idle…) and the functions with the most self time.
 *
 *   node --import tsx bench/ingest/profile-summary.ts DIR/memory-….cpuprofile [--events 100000] [--top 25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const file = process.argv[2];
if (file === undefined) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--events n] [--top n]');
const events = Number(option('events', '100000'));
const top = Number(option('top', '25'));
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** The part of the work a frame belongs to, from its script's path. */
function partOf(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return 'program (V8, native)';
  if (url.includes('/zod/')) return 'validation (zod)';
  if (url.includes('/ingest/fast-parse') || url.includes('/events/')) return 'validation (other)';
  if (url.includes('/core/src/state/')) return 'fold (core state)';
  if (url.includes('/node/src/rules/') || url.includes('/core/src/conditions/')) return 'rules';
  if (url.includes('/node/src/sending/') || url.includes('/core/src/scoring/') || url.includes('/core/src/goodwill')) return 'send checks';
  if (url.includes('/node/src/stores/') || url.includes('/node_modules/pg') || url.includes('/pglite')) return 'store';
  if (url.includes('/node/src/ingest/')) return 'ingest handler';
  if (url.includes('/core/src/')) return 'core (other)';
  if (url.startsWith('node:') || url === '') return 'node internals (HTTP, streams, JSON…)';
  if (url.includes('/node_modules/')) return 'other packages';
  return 'other';
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
const parts = new Map<string, number>();
const functions = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const part = partOf(url, functionName);
  parts.set(part, (parts.get(part) ?? 0) + us);
  total += us;
  if (part === 'idle') idle += us;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}
const busy = total - idle;
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (${((100 * busy) / total).toFixed(0)} %); ${(busy / events).toFixed(1)} µs busy per event over ${events} events`);
for (const [part, us] of [...parts].sort((a, b) => b[1] - a[1])) {
  if (part === 'idle') continue;
  console.log(`  ${part.padEnd(40)} ${((100 * us) / busy).toFixed(1).padStart(5)} % of busy  ${(us / events).toFixed(1).padStart(6)} µs/event`);
}
// Inclusive time: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(byId.get(at)!));
  for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
}
console.log(`top ${top} functions by self time:`);
for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${key}`);
console.log(`top ${top} functions by inclusive time:`);
for (const [key, us] of [...inclusive].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${key}`);
