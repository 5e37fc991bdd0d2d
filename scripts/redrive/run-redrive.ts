import {
  describeMove,
  isFinished,
  planRedrive,
  QUEUE_OUTPUTS,
  stackNameOf,
  type MoveTask,
  type QueueState,
  type RedriveAction,
  type RedriveOptions,
} from './redrive-plan.js';

/** The AWS calls of the redrive (aws-redrive.ts): CloudFormation to find the queues, SQS for the rest. */
export interface RedrivePort {
  /** The stack's outputs by key; throws when there is no such stack. */
  stackOutputs(stackName: string): Promise<Record<string, string>>;
  queueUrl(queueArn: string): Promise<string>;
  queueCounts(queueUrl: string): Promise<{ visible: number; inFlight: number }>;
  /** The newest move task from this source, if it has not finished. */
  runningMove(sourceArn: string): Promise<MoveTask | undefined>;
  /** Up to `count` bodies, received with no visibility timeout (each counts one receive). */
  peek(queueUrl: string, count: number): Promise<string[]>;
  /** Starts the move and answers its task handle. */
  startMove(sourceArn: string, destinationArn: string, rate?: number): Promise<string>;
  /** The task with this handle (the newest when none is given). */
  moveStatus(sourceArn: string, handle?: string): Promise<MoveTask | undefined>;
  purge(queueUrl: string): Promise<void>;
}

export interface RunContext {
  print: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  /** Between two reads of the move task's progress. */
  pollMs: number;
}

const PEEK_PREVIEW = 500;

async function queueState(port: RedrivePort, arn: string): Promise<QueueState> {
  const url = await port.queueUrl(arn);
  return { arn, url, ...(await port.queueCounts(url)) };
}

/** Runs the redrive; answers the exit code (0: done or nothing to do, 1: the move did not complete). */
export async function runRedrive(
  options: RedriveOptions,
  port: RedrivePort,
  ctx: RunContext,
): Promise<number> {
  const stackName = stackNameOf(options.stage);
  const outputs = await port.stackOutputs(stackName);
  const output = (key: string) => {
    const value = outputs[key];
    if (!value) {
      throw new Error(
        `Stack ${stackName} has no output ${key}: deploy this version of the stack first (it adds the queue outputs).`,
      );
    }
    return value;
  };
  const workQueueArn = output(QUEUE_OUTPUTS.workQueue);
  const work = await queueState(port, output(QUEUE_OUTPUTS.workDeadLetters));
  const tick = await queueState(port, output(QUEUE_OUTPUTS.tickDeadLetters));
  const tickFailureArn = outputs[QUEUE_OUTPUTS.tickFailures];
  const tickFailures = tickFailureArn ? await queueState(port, tickFailureArn) : undefined;
  const runningMove = options.queues.includes('work') ? await port.runningMove(work.arn) : undefined;

  const plan = planRedrive(options, { stackName, workQueueArn, work, tick, tickFailures, runningMove });
  plan.lines.forEach((line) => ctx.print(line));
  let code = 0;
  for (const action of plan.actions) code = Math.max(code, await perform(action, port, ctx));
  return code;
}

async function perform(action: RedriveAction, port: RedrivePort, ctx: RunContext): Promise<number> {
  switch (action.kind) {
    case 'peek': {
      const bodies = await port.peek(action.url, action.count);
      ctx.print(`First ${bodies.length} of the ${action.queue}:`);
      for (const body of bodies) {
        ctx.print(`  ${body.length > PEEK_PREVIEW ? `${body.slice(0, PEEK_PREVIEW)}…` : body}`);
      }
      return 0;
    }
    case 'purge':
      await port.purge(action.url);
      ctx.print(`Purged the ${action.queue} (SQS takes up to 60 s to delete everything).`);
      return 0;
    case 'start-move': {
      const handle = await port.startMove(action.sourceArn, action.destinationArn, action.rate);
      ctx.print(`Move task started: ${handle}`);
      return follow(port, ctx, action.sourceArn, handle);
    }
    case 'follow-move':
      return follow(port, ctx, action.sourceArn);
  }
}

async function follow(
  port: RedrivePort,
  ctx: RunContext,
  sourceArn: string,
  handle?: string,
): Promise<number> {
  let last = '';
  for (;;) {
    const task = await port.moveStatus(sourceArn, handle);
    if (!task) throw new Error(`The move task from ${sourceArn} is not listed by SQS.`);
    const line = describeMove(task);
    if (line !== last) ctx.print(`  ${line}`);
    last = line;
    if (isFinished(task)) {
      const left = await port.queueCounts(await port.queueUrl(sourceArn));
      ctx.print(`Work dead-letter queue now holds ${left.visible} (+${left.inFlight} in flight).`);
      return task.status === 'COMPLETED' ? 0 : 1;
    }
    await ctx.sleep(ctx.pollMs);
  }
}
