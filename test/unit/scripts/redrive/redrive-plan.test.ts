import { describe, expect, it } from 'vitest';
import {
  describeMove,
  parseRedriveArgs,
  planRedrive,
  stackNameOf,
  UsageError,
  type RedriveOptions,
  type RedriveSituation,
} from '../../../../scripts/redrive/redrive-plan.js';

const WORK_DLQ = 'arn:aws:sqs:eu-west-1:111122223333:Gms-prod-WorkDeadLetterQueue-A1';
const TICK_DLQ = 'arn:aws:sqs:eu-west-1:111122223333:Gms-prod-TickDeadLetterQueue-B2';
const WORK = 'arn:aws:sqs:eu-west-1:111122223333:Gms-prod-WorkQueue-C3';

const situation = (work: number, tick: number, extra: Partial<RedriveSituation> = {}): RedriveSituation => ({
  stackName: 'Gms-prod',
  workQueueArn: WORK,
  work: { arn: WORK_DLQ, url: 'https://sqs/work-dlq', visible: work, inFlight: 0 },
  tick: { arn: TICK_DLQ, url: 'https://sqs/tick-dlq', visible: tick, inFlight: 0 },
  ...extra,
});

const options = (argv: string[]): RedriveOptions => parseRedriveArgs(argv);

describe('redrive arguments', () => {
  it('defaults to both queues of the default stack, for real', () => {
    expect(options([])).toEqual({
      stage: undefined,
      queues: ['work', 'tick'],
      dryRun: false,
      peek: 0,
      purgeTick: false,
      rate: undefined,
    });
    expect(stackNameOf(undefined)).toBe('Gms');
  });

  it('reads every option', () => {
    expect(
      options(['--stage', 'prod', '--queue', 'tick', '--dry-run', '--peek', '3', '--purge-tick']),
    ).toEqual({
      stage: 'prod',
      queues: ['tick'],
      dryRun: true,
      peek: 3,
      purgeTick: true,
      rate: undefined,
    });
    expect(options(['--rate', '50']).rate).toBe(50);
    expect(stackNameOf('prod')).toBe('Gms-prod');
  });

  it.each([
    [['--stage', 'Prod'], /--stage must be 1-20 lowercase letters/],
    [['--queue', 'both'], /--queue must be work or tick, not 'both'/],
    [['--peek', '11'], /--peek must be a whole number from 1 to 10/],
    [['--rate', '0'], /--rate must be a whole number from 1 to 500/],
    [['--queue', 'work', '--purge-tick'], /does not combine with --queue work/],
    [['--stag', 'prod'], /Unknown option '--stag'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseRedriveArgs(argv)).toThrow(UsageError);
    expect(() => parseRedriveArgs(argv)).toThrow(message);
  });
});

describe('redrive plan', () => {
  it('moves the work dead letters back to the work queue and leaves the ticks', () => {
    const plan = planRedrive(options([]), situation(3, 2));
    expect(plan.actions).toEqual([
      { kind: 'start-move', sourceArn: WORK_DLQ, destinationArn: WORK, rate: undefined },
    ]);
    expect(plan.lines).toEqual([
      'Stack Gms-prod',
      `work dead letters: 3 messages  ${WORK_DLQ}`,
      `Moving 3 messages back to the work queue (${WORK}).`,
      `tick dead letters: 2 messages  ${TICK_DLQ}`,
      expect.stringMatching(
        /^Ticks are not redriven: the next tick reads everything due\..*with --purge-tick\.$/,
      ),
    ]);
  });

  it('passes the rate limit on', () => {
    const plan = planRedrive(options(['--rate', '20']), situation(1, 0));
    expect(plan.actions).toEqual([
      { kind: 'start-move', sourceArn: WORK_DLQ, destinationArn: WORK, rate: 20 },
    ]);
    expect(plan.lines).toContain(`Moving 1 message back to the work queue at most 20/s (${WORK}).`);
  });

  it('changes nothing on a dry run, and says what it would do', () => {
    const plan = planRedrive(options(['--dry-run', '--purge-tick']), situation(3, 2));
    expect(plan.actions).toEqual([]);
    expect(plan.lines[0]).toBe('Stack Gms-prod (dry run: nothing is changed)');
    expect(plan.lines).toContain(`Would move 3 messages back to the work queue (${WORK}).`);
    expect(plan.lines).toContain('Would purge the tick dead letters (ticks are never redriven).');
  });

  it('peeks on a dry run too (a read), only at queues holding messages', () => {
    const plan = planRedrive(options(['--dry-run', '--peek', '2']), situation(3, 0));
    expect(plan.actions).toEqual([{ kind: 'peek', queue: 'work', url: 'https://sqs/work-dlq', count: 2 }]);
  });

  it('follows a move already running instead of starting another', () => {
    const running = { handle: 'h1', status: 'RUNNING', moved: 4, toMove: 10 };
    const plan = planRedrive(options([]), situation(6, 0, { runningMove: running }));
    expect(plan.actions).toEqual([{ kind: 'follow-move', sourceArn: WORK_DLQ }]);
    expect(plan.lines).toContain('A move task is already running (RUNNING, moved 4 of 10): following it.');
  });

  it('does nothing when the dead-letter queues are empty', () => {
    const plan = planRedrive(options(['--purge-tick']), situation(0, 0));
    expect(plan.actions).toEqual([]);
    expect(plan.lines).toContain('Nothing to redrive from the work dead-letter queue.');
  });

  it('purges the tick dead letters when asked, and only then', () => {
    expect(planRedrive(options(['--queue', 'tick', '--purge-tick']), situation(5, 2)).actions).toEqual([
      { kind: 'purge', queue: 'tick dead letters', url: 'https://sqs/tick-dlq' },
    ]);
    const onlyTick = planRedrive(options(['--queue', 'tick']), situation(5, 2));
    expect(onlyTick.actions).toEqual([]);
    expect(onlyTick.lines.join('\n')).not.toContain('work dead letters');
  });

  it("reports and purges the tick's failure queue too when the stack has one", () => {
    const failures = { arn: 'arn:failures', url: 'https://sqs/tick-failures', visible: 1, inFlight: 0 };
    const plan = planRedrive(
      options(['--queue', 'tick', '--purge-tick']),
      situation(0, 0, { tickFailures: failures }),
    );
    expect(plan.lines).toEqual([
      'Stack Gms-prod',
      `tick dead letters: 0 messages  ${TICK_DLQ}`,
      'tick failures: 1 message  arn:failures',
      'Purging the tick failures (ticks are never redriven).',
    ]);
    expect(plan.actions).toEqual([
      { kind: 'purge', queue: 'tick failures', url: 'https://sqs/tick-failures' },
    ]);
  });

  it('describes a move task', () => {
    expect(describeMove({ status: 'FAILED', moved: 2, toMove: 9, failureReason: 'AccessDenied' })).toBe(
      'FAILED, moved 2 of 9: AccessDenied',
    );
    expect(describeMove({ status: 'RUNNING', moved: 0 })).toBe('RUNNING, moved 0');
  });
});
