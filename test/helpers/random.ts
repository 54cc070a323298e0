/**
 * Shared test and bench helper: mulberry32, a small deterministic PRNG on [0, 1), so that every
 * run of a bench or a property-style test sees the same data. The same generator as the one
 * `@retain/node`'s simulations use (one implementation).
 */
export { seededRandom as mulberry32 } from '../../packages/node/src/churn/random.js';
