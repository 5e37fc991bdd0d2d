import type { Clock } from '../ports/clock-and-ids.js';

export const systemClock: Clock = { now: () => Date.now() };
