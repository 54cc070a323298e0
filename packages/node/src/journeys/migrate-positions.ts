/**
 * When a journey changes while customers are inside it: positions made for an older version keep
 * their step if it still exists, and are moved to an exit — reported, never dropped — if it was
 * removed.
 */
import { compileJourney, type CompiledJourney, type JourneyInput } from './compile-journey.js';
import type { JourneyPosition } from './journey.js';

/** One position's migration. */
export interface PositionMigration {
  customerId: string;
  from: number;
  to: number;
  /** The step the customer was at, when it no longer exists (they were moved to an exit). */
  removedStep: string | null;
  position: JourneyPosition;
}

/** @internal Migrates one position to the journey's version. */
export function migratePosition(j: CompiledJourney, position: JourneyPosition, now: number): { position: JourneyPosition; from: number; removedStep: string | null; explanation: string } {
  const from = position.version;
  const pos: JourneyPosition = { ...position, version: j.version, history: [...position.history], seen: [...position.seen] };
  const removed = pos.status === 'active' && pos.step !== null && !j.index.has(pos.step) ? pos.step : null;
  if (removed !== null) {
    const reason = `step "${removed}" was removed in version ${j.version}`;
    pos.history.push({ step: removed, at: now, outcome: 'migrated', detail: `${reason}: moved to an exit` });
    pos.status = 'exited';
    pos.step = null;
    pos.dueAt = null;
    pos.exitReason = reason;
    return { position: pos, from, removedStep: removed, explanation: `migrated from version ${from} to ${j.version}: ${reason}, so the customer left the journey` };
  }
  pos.history.push({ step: pos.step ?? '-', at: now, outcome: 'migrated', detail: `version ${from} → ${j.version}` });
  return { position: pos, from, removedStep: null, explanation: `migrated from version ${from} to ${j.version}; the step is kept` };
}

/**
 * Moves stored positions to a new version of their journey, up front (advancing migrates lazily
 * too): customers at a step that still exists stay there; those at a removed step are moved to an
 * exit with the reason recorded, and listed in `removed` so nobody is lost in silence.
 *
 * @param positions - each customer's position in this journey.
 * @example
 * ```ts
 * import { migrateJourneyPositions, journeyTemplates, type JourneyPosition } from '@retain/node';
 * const v2 = { ...journeyTemplates.onboarding(), version: 2 };
 * declare const positions: Array<{ customerId: string; position: JourneyPosition }>;
 * const report = migrateJourneyPositions(v2, positions, Date.now());
 * for (const m of report.removed) console.warn(`${m.customerId} left: ${m.position.exitReason}`);
 * ```
 */
export function migrateJourneyPositions(
  journey: JourneyInput,
  positions: Iterable<{ customerId: string; position: JourneyPosition }>,
  now: number,
): { migrated: PositionMigration[]; removed: PositionMigration[]; unchanged: number } {
  const j = compileJourney(journey);
  const migrated: PositionMigration[] = [];
  const removed: PositionMigration[] = [];
  let unchanged = 0;
  for (const { customerId, position } of positions) {
    if (position.version === j.version) {
      unchanged++;
      continue;
    }
    const m = migratePosition(j, position, now);
    const entry = { customerId, from: m.from, to: j.version, removedStep: m.removedStep, position: m.position };
    migrated.push(entry);
    if (m.removedStep !== null) removed.push(entry);
  }
  return { migrated, removed, unchanged };
}
