import type { AccessLock, AllocationStrategy } from './access-number.js';
import type { AccessNumberStore } from '../ports/access-numbers.js';
import type { Clock, IdGenerator } from '../ports/clock-and-ids.js';
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
  /** The lock this allocation replaced, which had timed out without a match. */
  timedOut?: AccessLock;
}

/**
 * Candidates read per round: small and fixed, so cost does not grow with the pool. Random reads a
 * few from a random point (concurrent requests are spread already). Sequential reads the head of
 * the least-recently-used order: wide enough that racing requests can spread over it instead of
 * all fighting for the same next number.
 */
const RANDOM_CANDIDATES = 5;
const SEQUENTIAL_HEAD = 32;
/** Lock attempts per round before re-reading: after lost races the indexes have moved on. */
const ATTEMPTS_PER_ROUND = 3;
/** Lost races after which a sequential request stops following the order and picks within the head. */
const CONFLICTS_BEFORE_SPREADING = 2;
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
 * sparse indexes, then locks one with a conditional write; a lost race just moves to another
 * candidate. Exhaustion is reported only when the indexes show nothing free.
 *
 * Sequential (round robin) follows the order exactly while uncontended: the least recently used
 * number first, then the next. Once it has lost `CONFLICTS_BEFORE_SPREADING` races, others are
 * taking the same numbers, so it picks at random among the head's least recently used numbers
 * (still the oldest ones, in no particular order among themselves; concurrent requests have no
 * order either). 200 requests on 50 numbers then take a few rounds instead of dozens.
 */
export async function allocateAccessNumber(
  ports: { accessNumbers: AccessNumberStore; clock: Clock; ids: IdGenerator },
  request: AllocationRequest,
): Promise<Allocation> {
  const random = request.strategy === 'random';
  let conflicts = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = ports.clock.now();
    const found = await ports.accessNumbers.candidates(
      request.group,
      { strategy: request.strategy, start: ports.ids.random() },
      now,
      random ? RANDOM_CANDIDATES : SEQUENTIAL_HEAD,
    );
    if (found.length === 0) throw new ResourceExhaustedError(request.group);
    if (random) shuffle(found, ports.ids.random);
    const attempts = random ? found.length : ATTEMPTS_PER_ROUND;
    for (let attempt = 0; attempt < attempts && found.length > 0; attempt++) {
      const spread = !random && conflicts >= CONFLICTS_BEFORE_SPREADING;
      const index = spread ? Math.floor(ports.ids.random() * found.length) : 0;
      const candidate = found.splice(index, 1)[0]!;
      const accessCode = request.provideCode ? ports.ids.digits(request.codeLength) : undefined;
      const lockedAt = ports.clock.now();
      const expiresAt = lockedAt + request.bookingSeconds * 1000;
      const result = await ports.accessNumbers.tryLock(
        request.group,
        candidate,
        { sessionId: request.sessionId, accessCode, phoneNumber: request.phoneNumber, lockedAt, expiresAt },
        lockedAt,
      );
      if (result.locked) {
        return {
          accessNumber: candidate.number,
          accessCode,
          expiresAt,
          ...(result.expired ? { timedOut: result.expired } : {}),
        };
      }
      conflicts++;
    }
  }
  throw new ServiceUnavailableError(
    `Resource group '${request.group}' is under heavy contention; no access number could be locked. Retry shortly.`,
  );
}
