/**
 * What `npm run redrive` does, as pure functions: reading its arguments, deciding what to do with
 * each dead-letter queue from their counts, and the lines it prints. The AWS calls are in
 * aws-redrive.ts; run-redrive.ts ties the two.
 */
import { stackNameFor, validateStage } from '../../lib/stage.js';
import { parseArgs } from 'node:util';

export type QueueChoice = 'work' | 'tick';

export interface RedriveOptions {
  /** `--help`: print the usage and do nothing else. */
  help?: boolean;
  /** Undefined: the default stack `Gms`. */
  stage?: string;
  /** Which dead-letter queues to act on; both are reported unless one is chosen. */
  queues: QueueChoice[];
  dryRun: boolean;
  /** Message bodies to show from each dead-letter queue (0: none; receiving counts as a receive). */
  peek: number;
  /** Empty the tick queues (undelivered and failed ticks are never worth redriving). */
  purgeTick: boolean;
  /** SQS's move rate limit, messages per second; undefined: as fast as SQS goes (up to 500/s). */
  rate?: number;
}

export const USAGE = `Usage: npm run redrive -- [--stage <name>] [--queue work|tick] [--dry-run] [--peek N] [--purge-tick] [--rate N]

  Reports the stage's dead-letter queues, moves the work dead letters back to the work queue
  (SQS StartMessageMoveTask) and follows the move until it ends. Region and credentials: the AWS
  environment or profile (AWS_REGION, AWS_PROFILE...).

  --stage <name>   the stage (stack Gms-<name>); without it, the stack Gms
  --queue work|tick   only the work dead letters, or only the tick queues
  --dry-run        report and say what would be done; change nothing
  --peek N         show up to N (1-10) message bodies of each queue (each shown message counts one receive)
  --purge-tick     empty the tick queues (undelivered and failed ticks): ticks are not redriven (docs/operations.md)
  --rate N         move at most N messages per second (1-500), e.g. to spare a recovering dependency`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integer(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${option} must be a whole number from ${min} to ${max}, not '${value}'.`);
  }
  return n;
}

export function parseRedriveArgs(argv: string[]): RedriveOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        stage: { type: 'string' },
        queue: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        peek: { type: 'string' },
        'purge-tick': { type: 'boolean', default: false },
        rate: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return { help: true, queues: [], dryRun: true, peek: 0, purgeTick: false };
  if (values.stage !== undefined) {
    try {
      validateStage(values.stage);
    } catch {
      throw new UsageError(
        `--stage must be 1-20 lowercase letters, digits or hyphens (as -c stage= takes it), not '${values.stage}'.`,
      );
    }
  }
  if (values.queue !== undefined && values.queue !== 'work' && values.queue !== 'tick') {
    throw new UsageError(`--queue must be work or tick, not '${values.queue}'.`);
  }
  if (values['purge-tick'] && values.queue === 'work') {
    throw new UsageError('--purge-tick acts on the tick queues: it does not combine with --queue work.');
  }
  return {
    stage: values.stage,
    queues: values.queue ? [values.queue as QueueChoice] : ['work', 'tick'],
    dryRun: values['dry-run'],
    peek: integer(values.peek, 'peek', 1, 10) ?? 0,
    purgeTick: values['purge-tick'],
    rate: integer(values.rate, 'rate', 1, 500),
  };
}

/** The stack of a stage, by the stack's own rule (`Gms`, or `Gms-<stage>`). */
export const stackNameOf = (stage: string | undefined): string => stackNameFor(stage);

/** The stack outputs the script reads (lib/gms-stack.ts). */
export const QUEUE_OUTPUTS = {
  workQueue: 'WorkQueueArn',
  workDeadLetters: 'WorkDeadLetterQueueArn',
  tickDeadLetters: 'TickDeadLetterQueueArn',
  /** Optional: ticks that failed every Lambda attempt (the tick's async failure destination). */
  tickFailures: 'TickFailureQueueArn',
} as const;

export interface QueueState {
  arn: string;
  url: string;
  /** ApproximateNumberOfMessages: visible, waiting to be moved. */
  visible: number;
  /** ApproximateNumberOfMessagesNotVisible: received (e.g. peeked or being moved) right now. */
  inFlight: number;
}

export interface MoveTask {
  handle?: string;
  status: string;
  moved: number;
  toMove?: number;
  failureReason?: string;
}

export interface RedriveSituation {
  stackName: string;
  workQueueArn: string;
  work: QueueState;
  tick: QueueState;
  /** When the stack has a failure destination for the tick (output `TickFailureQueueArn`). */
  tickFailures?: QueueState;
  /** The work dead-letter queue's move task still running, if any (SQS runs one per source at a time). */
  runningMove?: MoveTask;
}

export type RedriveAction =
  | { kind: 'peek'; queue: string; url: string; count: number }
  | {
      kind: 'start-move';
      sourceArn: string;
      destinationArn: string;
      rate?: number;
    }
  | { kind: 'follow-move'; sourceArn: string }
  | { kind: 'purge'; queue: string; url: string };

export interface RedrivePlan {
  lines: string[];
  actions: RedriveAction[];
}

const messages = (n: number) => `${n} message${n === 1 ? '' : 's'}`;

function describeQueue(name: string, q: QueueState): string {
  const inFlight = q.inFlight > 0 ? ` (+${q.inFlight} in flight)` : '';
  return `${name}: ${messages(q.visible)}${inFlight}  ${q.arn}`;
}

/** Decides what to do with each chosen dead-letter queue. A dry run plans only reads (peeks). */
export function planRedrive(options: RedriveOptions, s: RedriveSituation): RedrivePlan {
  const lines = [`Stack ${s.stackName}${options.dryRun ? ' (dry run: nothing is changed)' : ''}`];
  const actions: RedriveAction[] = [];
  const does = (action: RedriveAction) => {
    if (!options.dryRun) actions.push(action);
  };

  if (options.queues.includes('work')) {
    lines.push(describeQueue('work dead letters', s.work));
    if (options.peek > 0 && s.work.visible > 0) {
      actions.push({ kind: 'peek', queue: 'work', url: s.work.url, count: options.peek });
    }
    if (s.runningMove) {
      lines.push(`A move task is already running (${describeMove(s.runningMove)}): following it.`);
      does({ kind: 'follow-move', sourceArn: s.work.arn });
    } else if (s.work.visible === 0) {
      lines.push('Nothing to redrive from the work dead-letter queue.');
    } else {
      const rate = options.rate ? ` at most ${options.rate}/s` : '';
      lines.push(
        `${options.dryRun ? 'Would move' : 'Moving'} ${messages(s.work.visible)} back to the work queue${rate} (${s.workQueueArn}).`,
      );
      does({ kind: 'start-move', sourceArn: s.work.arn, destinationArn: s.workQueueArn, rate: options.rate });
    }
  }

  if (options.queues.includes('tick')) {
    const tickQueues: [string, QueueState | undefined][] = [
      ['tick dead letters', s.tick],
      ['tick failures', s.tickFailures],
    ];
    let ticksHeld = false;
    for (const [name, q] of tickQueues) {
      if (!q) continue;
      lines.push(describeQueue(name, q));
      if (options.peek > 0 && q.visible > 0)
        actions.push({ kind: 'peek', queue: name, url: q.url, count: options.peek });
      if (q.visible + q.inFlight === 0) continue;
      ticksHeld = true;
      if (options.purgeTick) {
        lines.push(`${options.dryRun ? 'Would purge' : 'Purging'} the ${name} (ticks are never redriven).`);
        does({ kind: 'purge', queue: name, url: q.url });
      }
    }
    // A tick carries no data: each one reads from DynamoDB everything that is due, so the next
    // tick did the work of the missed ones. Replaying old ticks would only run extra ticks.
    if (ticksHeld && !options.purgeTick) {
      lines.push(
        'Ticks are not redriven: the next tick reads everything due. Find why they failed ' +
          '(docs/operations.md, tick alarms), then empty the tick queues with --purge-tick.',
      );
    }
  }
  return { lines, actions };
}

export function describeMove(task: MoveTask): string {
  const of = task.toMove !== undefined ? ` of ${task.toMove}` : '';
  const why = task.failureReason ? `: ${task.failureReason}` : '';
  return `${task.status}, moved ${task.moved}${of}${why}`;
}

/** SQS's end states of a move task; RUNNING and CANCELLING are not. */
export const FINISHED_MOVE_STATES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const;

export function isFinished(task: MoveTask): boolean {
  return (FINISHED_MOVE_STATES as readonly string[]).includes(task.status);
}
