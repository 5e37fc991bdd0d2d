import type { AccessNumberStore, AllocationStrategy, Clock, IdGenerator } from '../ports.js';
import { ResourceExhaustedError, ServiceUnavailableError } from './errors.js';

export interface AllocationRequest {
  group: string;
  strategy: AllocationStrategy;
  sessionId: string;
  phoneNumber?: string;
  provideCode: boolean;
  codeLength: number;
  bookingSeconds: number;
}

export interface Allocation {
  accessNumber: string;
  accessCode?: string;
  expiresAt: number;
}

/** Candidates read per round: small and fixed, so cost does not grow with the pool. */
const CANDIDATES_PER_ROUND = 5;
/** Rounds before giving up under extreme contention (each round re-reads the indexes). */
const MAX_ROUNDS = 40;

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Locks one access number of the group for the session. Reads a few likely-free numbers from the
 * sparse indexes, then locks one with a conditional write; a lost race just moves to the next
 * candidate. Exhaustion is reported only when the indexes show nothing free.
 */
export async function allocateAccessNumber(
  ports: { accessNumbers: AccessNumberStore; clock: Clock; ids: IdGenerator },
  request: AllocationRequest,
): Promise<Allocation> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = ports.clock.now();
    const found = await ports.accessNumbers.candidates(
      request.group,
      { strategy: request.strategy, start: ports.ids.random() },
      now,
      CANDIDATES_PER_ROUND,
    );
    if (found.length === 0) throw new ResourceExhaustedError(request.group);
    const ordered = request.strategy === 'random' ? shuffle(found, ports.ids.random) : found;
    for (const number of ordered) {
      const accessCode = request.provideCode ? ports.ids.digits(request.codeLength) : undefined;
      const lockedAt = ports.clock.now();
      const expiresAt = lockedAt + request.bookingSeconds * 1000;
      const locked = await ports.accessNumbers.tryLock(
        request.group,
        number,
        { sessionId: request.sessionId, accessCode, phoneNumber: request.phoneNumber, lockedAt, expiresAt },
        lockedAt,
      );
      if (locked) return { accessNumber: number, accessCode, expiresAt };
    }
  }
  throw new ServiceUnavailableError(
    `Resource group '${request.group}' is under heavy contention; no access number could be locked. Retry shortly.`,
  );
}
