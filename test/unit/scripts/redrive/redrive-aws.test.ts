import { createHash } from 'node:crypto';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { AwsRedrive } from '../../../../scripts/redrive/aws-redrive.js';
import { parseRedriveArgs } from '../../../../scripts/redrive/redrive-plan.js';
import { runRedrive } from '../../../../scripts/redrive/run-redrive.js';

const ACCOUNT = '111122223333';
const arn = (name: string) => `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}`;
const url = (name: string) => `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${name}`;
const WORK = 'Gms-prod-WorkQueue-C3';
const WORK_DLQ = 'Gms-prod-WorkDeadLetterQueue-A1';
const TICK_DLQ = 'Gms-prod-TickDeadLetterQueue-B2';

type Answer = Record<string, unknown> | Error;
interface Call {
  command: string;
  input: Record<string, unknown>;
}

/**
 * Real SDK clients whose middleware answers each command from a script of canned outputs (per
 * command name, in order) after the request is built, so nothing is signed or sent.
 */
function cannedClients(script: Record<string, Answer[]>) {
  const calls: Call[] = [];
  const answer = (command: string): Answer => {
    const next = script[command]?.shift();
    if (!next) throw new Error(`unexpected ${command}`);
    return next;
  };
  // Typed as the SDK's own output; the canned objects are what the service would have answered.
  const respond = async <Output>(
    command: string,
    input: object,
  ): Promise<{ output: Output; response: unknown }> => {
    calls.push({ command, input: input as Record<string, unknown> });
    const out = answer(command);
    if (out instanceof Error) throw out;
    return { output: { $metadata: {}, ...out } as Output, response: {} };
  };
  const where = { step: 'build', name: 'cannedAnswers' } as const;
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
  const cloudFormation = new CloudFormationClient({ region: 'eu-west-1', credentials });
  const sqs = new SQSClient({ region: 'eu-west-1', credentials });
  cloudFormation.middlewareStack.add(
    (_next, context) => (args) => respond(context.commandName!, args.input),
    where,
  );
  sqs.middlewareStack.add((_next, context) => (args) => respond(context.commandName!, args.input), where);
  return { port: new AwsRedrive(cloudFormation, sqs), calls };
}

const stack = {
  Stacks: [
    {
      StackName: 'Gms-prod',
      Outputs: [
        { OutputKey: 'WorkQueueArn', OutputValue: arn(WORK) },
        { OutputKey: 'WorkDeadLetterQueueArn', OutputValue: arn(WORK_DLQ) },
        { OutputKey: 'TickDeadLetterQueueArn', OutputValue: arn(TICK_DLQ) },
        { OutputKey: 'ApiUrl', OutputValue: 'https://api.example.com/' },
      ],
    },
  ],
};
const counts = (visible: number, inFlight = 0) => ({
  Attributes: {
    ApproximateNumberOfMessages: String(visible),
    ApproximateNumberOfMessagesNotVisible: String(inFlight),
  },
});
const task = (Status: string, moved: number, extra: Record<string, unknown> = {}) => ({
  TaskHandle: 'task-1',
  Status,
  SourceArn: arn(WORK_DLQ),
  ApproximateNumberOfMessagesMoved: moved,
  ApproximateNumberOfMessagesToMove: 3,
  ...extra,
});

async function run(argv: string[], script: Record<string, Answer[]>) {
  const { port, calls } = cannedClients(script);
  const printed: string[] = [];
  let sleeps = 0;
  const code = await runRedrive(parseRedriveArgs(argv), port, {
    print: (line) => printed.push(line),
    sleep: async () => {
      sleeps++;
    },
    pollMs: 5_000,
  });
  return { code, calls, printed, sleeps, script };
}

const MUTATING = [
  'StartMessageMoveTaskCommand',
  'PurgeQueueCommand',
  'ReceiveMessageCommand',
  'DeleteMessageCommand',
];

describe('npm run redrive against SQS and CloudFormation (canned answers)', () => {
  it('finds the stage, moves the work dead letters back to the work queue and follows the task to its end', async () => {
    const r = await run(['--stage', 'prod'], {
      DescribeStacksCommand: [stack],
      GetQueueUrlCommand: [
        { QueueUrl: url(WORK_DLQ) },
        { QueueUrl: url(TICK_DLQ) },
        { QueueUrl: url(WORK_DLQ) },
      ],
      GetQueueAttributesCommand: [counts(3), counts(0), counts(0)],
      ListMessageMoveTasksCommand: [
        { Results: [task('COMPLETED', 7, { TaskHandle: 'older' })] },
        { Results: [task('RUNNING', 1)] },
        { Results: [task('COMPLETED', 3), task('COMPLETED', 7, { TaskHandle: 'older' })] },
      ],
      StartMessageMoveTaskCommand: [{ TaskHandle: 'task-1' }],
    });
    expect(r.code).toBe(0);
    expect(r.calls[0]).toEqual({ command: 'DescribeStacksCommand', input: { StackName: 'Gms-prod' } });
    expect(r.calls.find((c) => c.command === 'GetQueueUrlCommand')!.input).toEqual({
      QueueName: WORK_DLQ,
      QueueOwnerAWSAccountId: ACCOUNT,
    });
    expect(r.calls.filter((c) => c.command === 'StartMessageMoveTaskCommand').map((c) => c.input)).toEqual([
      { SourceArn: arn(WORK_DLQ), DestinationArn: arn(WORK), MaxNumberOfMessagesPerSecond: undefined },
    ]);
    expect(r.calls.filter((c) => c.command === 'ListMessageMoveTasksCommand').map((c) => c.input)).toEqual(
      Array(3).fill({ SourceArn: arn(WORK_DLQ), MaxResults: 10 }),
    );
    expect(r.printed).toEqual([
      'Stack Gms-prod',
      `work dead letters: 3 messages  ${arn(WORK_DLQ)}`,
      `Moving 3 messages back to the work queue (${arn(WORK)}).`,
      `tick dead letters: 0 messages  ${arn(TICK_DLQ)}`,
      'Move task started: task-1',
      '  RUNNING, moved 1 of 3',
      '  COMPLETED, moved 3 of 3',
      'Work dead-letter queue now holds 0 (+0 in flight).',
    ]);
    expect(r.sleeps).toBe(1);
    expect(Object.values(r.script).flat(), 'every canned answer was used').toEqual([]);
  });

  it('makes no change on a dry run', async () => {
    const r = await run(['--stage', 'prod', '--dry-run', '--purge-tick'], {
      DescribeStacksCommand: [stack],
      GetQueueUrlCommand: [{ QueueUrl: url(WORK_DLQ) }, { QueueUrl: url(TICK_DLQ) }],
      GetQueueAttributesCommand: [counts(3), counts(2)],
      ListMessageMoveTasksCommand: [{ Results: [] }],
    });
    expect(r.code).toBe(0);
    expect(r.calls.map((c) => c.command).filter((c) => MUTATING.includes(c))).toEqual([]);
    expect(r.printed).toContain(`Would move 3 messages back to the work queue (${arn(WORK)}).`);
    expect(r.printed).toContain('Would purge the tick dead letters (ticks are never redriven).');
  });

  it('peeks with no visibility timeout, and purges both tick queues only with --purge-tick', async () => {
    const TICK_FAILURES = 'Gms-TickFailureQueue-D4';
    const event = '{}';
    const failure =
      '{"requestContext":{"condition":"RetriesExhausted"},"responsePayload":{"errorMessage":"boom"}}';
    const received = (body: string) => ({
      Messages: [
        {
          MessageId: 'm1',
          ReceiptHandle: 'r1',
          Body: body,
          MD5OfBody: createHash('md5').update(body).digest('hex'),
        },
      ],
    });
    const outputs = [
      ...stack.Stacks[0]!.Outputs,
      { OutputKey: 'TickFailureQueueArn', OutputValue: arn(TICK_FAILURES) },
    ];
    const r = await run(['--queue', 'tick', '--peek', '2', '--purge-tick'], {
      DescribeStacksCommand: [{ Stacks: [{ StackName: 'Gms', Outputs: outputs }] }],
      GetQueueUrlCommand: [
        { QueueUrl: url(WORK_DLQ) },
        { QueueUrl: url(TICK_DLQ) },
        { QueueUrl: url(TICK_FAILURES) },
      ],
      GetQueueAttributesCommand: [counts(0), counts(2), counts(1)],
      ReceiveMessageCommand: [received(event), received(failure)],
      PurgeQueueCommand: [{}, {}],
    });
    expect(r.code).toBe(0);
    expect(r.calls[0]!.input).toEqual({ StackName: 'Gms' });
    expect(r.calls.filter((c) => c.command === 'ReceiveMessageCommand').map((c) => c.input)).toEqual(
      [TICK_DLQ, TICK_FAILURES].map((q) => ({
        QueueUrl: url(q),
        MaxNumberOfMessages: 2,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
      })),
    );
    expect(r.calls.filter((c) => c.command === 'PurgeQueueCommand').map((c) => c.input)).toEqual([
      { QueueUrl: url(TICK_DLQ) },
      { QueueUrl: url(TICK_FAILURES) },
    ]);
    expect(r.calls.map((c) => c.command)).not.toContain('StartMessageMoveTaskCommand');
    expect(r.printed).toContain(`  ${failure}`);
    expect(r.printed).toContain('Purged the tick failures (SQS takes up to 60 s to delete everything).');
    expect(Object.values(r.script).flat(), 'every canned answer was used').toEqual([]);
  });

  it('exits 1 with the reason when the move task fails', async () => {
    const r = await run([], {
      DescribeStacksCommand: [stack],
      GetQueueUrlCommand: [
        { QueueUrl: url(WORK_DLQ) },
        { QueueUrl: url(TICK_DLQ) },
        { QueueUrl: url(WORK_DLQ) },
      ],
      GetQueueAttributesCommand: [counts(3), counts(0), counts(2)],
      ListMessageMoveTasksCommand: [
        { Results: [] },
        { Results: [task('FAILED', 1, { FailureReason: 'AWS.SimpleQueueService.KmsAccessDenied' })] },
      ],
      StartMessageMoveTaskCommand: [{ TaskHandle: 'task-1' }],
    });
    expect(r.code).toBe(1);
    expect(r.printed).toContain('  FAILED, moved 1 of 3: AWS.SimpleQueueService.KmsAccessDenied');
    expect(r.printed.at(-1)).toBe('Work dead-letter queue now holds 2 (+0 in flight).');
  });

  it('names the stack it could not find', async () => {
    const missing = Object.assign(new Error('Stack with id Gms-qa does not exist'), {
      name: 'ValidationError',
    });
    await expect(run(['--stage', 'qa'], { DescribeStacksCommand: [missing] })).rejects.toThrow(
      'No stack Gms-qa in this account and region (Stack with id Gms-qa does not exist).',
    );
  });

  it('asks for a deploy when the stack predates the queue outputs', async () => {
    await expect(
      run([], { DescribeStacksCommand: [{ Stacks: [{ StackName: 'Gms', Outputs: [] }] }] }),
    ).rejects.toThrow(/Stack Gms has no output WorkQueueArn: deploy this version of the stack first/);
  });
});
