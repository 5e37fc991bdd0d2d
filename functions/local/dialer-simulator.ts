import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from '../domain/zod.js';
import { InvalidParameterError } from '../domain/errors.js';
import { mapError, zodIssueToError } from '../http/error-response.js';
import type { DialOutcome, DialRequest, Dialer } from '../ports/dialer.js';
import type { WorkQueue } from '../ports/work-queue.js';

export const DIALER_PATH = '/genesys/local/dialer';

const outcome = z.enum(['answered', 'busy', 'no-answer']);
const scriptBody = z.strictObject({
  number: z
    .optional(z.string().check(z.minLength(1), z.maxLength(64)))
    .check(z.describe('Customer number the outcomes are for')),
  outcomes: z
    .optional(z.array(outcome).check(z.maxLength(100)))
    .check(z.describe('Outcomes of the next dials of `number`, in order')),
  default: z.optional(outcome).check(z.describe('Outcome once a number has no scripted outcome left')),
  delay_ms: z
    .optional(z.number().check(z.int(), z.gte(0), z.lte(60_000)))
    .check(z.describe('Time between dial and result')),
});

export interface SimulatedCall extends DialRequest {
  outcome: DialOutcome;
  at: number;
}

/** Numbers compare by their digits, so `+33 1 23` and `+33123` are one script. */
const digits = (number: string) => number.replace(/\D/g, '');

/**
 * The local telephony side: every dial is answered after `delayMs` with a `dial-result` work
 * message, through the same work queue the real integration would use. What each dial answers
 * is scripted per customer number (`busy`, `no-answer`, `answered`, consumed in order), then the
 * default (`answered` unless changed), so a demo or a test can show retries and
 * FAIL_CALL_TO_CUSTOMER. Scripts are set over HTTP at `/genesys/local/dialer` (local runtime only).
 */
export class DialerSimulator implements Dialer {
  private readonly scripts = new Map<string, DialOutcome[]>();
  private fallback: DialOutcome = 'answered';
  private readonly history: SimulatedCall[] = [];

  constructor(
    private readonly queue: WorkQueue,
    private delayMs = 300,
    private readonly now: () => number = Date.now,
  ) {}

  script(number: string, outcomes: DialOutcome[]): void {
    this.scripts.set(digits(number), [...outcomes]);
  }

  setDefault(outcome: DialOutcome): void {
    this.fallback = outcome;
  }

  reset(): void {
    this.scripts.clear();
    this.fallback = 'answered';
    this.history.length = 0;
  }

  /** Dials so far, oldest first (the last 1000). */
  get calls(): readonly SimulatedCall[] {
    return this.history;
  }

  async dial(request: DialRequest): Promise<void> {
    const key = digits(request.customerNumber);
    const script = this.scripts.get(key);
    const outcome = script?.shift() ?? this.fallback;
    if (script && script.length === 0) this.scripts.delete(key);
    this.history.push({ ...request, outcome, at: this.now() });
    if (this.history.length > 1000) this.history.shift();
    await this.queue.send(
      {
        kind: 'dial-result',
        id: request.callbackId,
        data: { outcome, attempt: request.attempt, agentId: request.agentId },
      },
      this.delayMs,
    );
  }

  private state() {
    return {
      default: this.fallback,
      delay_ms: this.delayMs,
      scripts: Object.fromEntries(this.scripts),
      calls: this.history.slice(-100),
    };
  }

  /**
   * `GET /genesys/local/dialer`: scripts, default and recent dials. `POST` (JSON
   * `{number, outcomes, default, delay_ms}`, all optional) sets them. `DELETE` resets.
   * Returns false for other paths, so the local server can try its other handlers.
   */
  async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    if (path !== DIALER_PATH) return false;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json;charset=UTF-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'GET') {
        send(200, this.state());
      } else if (req.method === 'DELETE') {
        this.reset();
        send(200, this.state());
      } else if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of req) {
          size += (c as Buffer).length;
          if (size > 64 * 1024) throw new InvalidParameterError('body', 'A dialer script is at most 64 KB.');
          chunks.push(c as Buffer);
        }
        let raw: unknown;
        try {
          raw = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        } catch {
          throw new InvalidParameterError('body', 'The dialer script must be a JSON object.');
        }
        const parsed = scriptBody.safeParse(raw);
        if (!parsed.success) throw zodIssueToError(parsed.error, 'body');
        const body = parsed.data;
        if (body.outcomes && !body.number) {
          throw new InvalidParameterError('number', "'outcomes' need the 'number' they are for.");
        }
        if (body.number) this.script(body.number, body.outcomes ?? []);
        if (body.default) this.fallback = body.default;
        if (body.delay_ms !== undefined) this.delayMs = body.delay_ms;
        send(200, this.state());
      } else {
        const e = new InvalidParameterError(
          'method',
          `Method ${req.method} is not allowed on ${DIALER_PATH}.`,
        );
        const mapped = mapError(e);
        send(405, { ...mapped.body, code: 405, phrase: 'Method Not Allowed' });
      }
    } catch (e) {
      const mapped = mapError(e);
      send(mapped.status, mapped.body);
    }
    return true;
  }
}
