import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  type ListMessageMoveTasksResultEntry,
} from '@aws-sdk/client-sqs';
import { isFinished, type MoveTask } from './redrive-plan.js';
import type { RedrivePort } from './run-redrive.js';

function moveTask(entry: ListMessageMoveTasksResultEntry): MoveTask {
  return {
    handle: entry.TaskHandle,
    status: entry.Status ?? 'UNKNOWN',
    moved: entry.ApproximateNumberOfMessagesMoved ?? 0,
    toMove: entry.ApproximateNumberOfMessagesToMove,
    failureReason: entry.FailureReason,
  };
}

/** `arn:<partition>:sqs:<region>:<account>:<name>`: the queue's name and owner. */
function parseQueueArn(arn: string): { account: string; name: string } {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[2] !== 'sqs') throw new Error(`Not an SQS queue ARN: ${arn}`);
  return { account: parts[4]!, name: parts[5]! };
}

/** The redrive's AWS calls, on the SDK's clients (region and credentials from the AWS environment). */
export class AwsRedrive implements RedrivePort {
  constructor(
    private readonly cloudFormation: CloudFormationClient,
    private readonly sqs: SQSClient,
  ) {}

  async stackOutputs(stackName: string): Promise<Record<string, string>> {
    const { Stacks: stacks = [] } = await this.cloudFormation
      .send(new DescribeStacksCommand({ StackName: stackName }))
      .catch((error: unknown) => {
        // CloudFormation answers an unknown stack name with a ValidationError.
        if ((error as Error).name !== 'ValidationError') throw error;
        throw new Error(`No stack ${stackName} in this account and region (${(error as Error).message}).`);
      });
    const out: Record<string, string> = {};
    for (const o of stacks[0]?.Outputs ?? []) {
      if (o.OutputKey && o.OutputValue) out[o.OutputKey] = o.OutputValue;
    }
    return out;
  }

  async queueUrl(queueArn: string): Promise<string> {
    const { account, name } = parseQueueArn(queueArn);
    const { QueueUrl } = await this.sqs.send(
      new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
    );
    if (!QueueUrl) throw new Error(`SQS gave no URL for ${queueArn}.`);
    return QueueUrl;
  }

  async queueCounts(queueUrl: string): Promise<{ visible: number; inFlight: number }> {
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }

  async runningMove(sourceArn: string): Promise<MoveTask | undefined> {
    const newest = await this.moveStatus(sourceArn);
    return newest && !isFinished(newest) ? newest : undefined;
  }

  async peek(queueUrl: string, count: number): Promise<string[]> {
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: count,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
      }),
    );
    return Messages.map((m) => m.Body ?? '');
  }

  async startMove(sourceArn: string, destinationArn: string, rate?: number): Promise<string> {
    const { TaskHandle } = await this.sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: sourceArn,
        DestinationArn: destinationArn,
        MaxNumberOfMessagesPerSecond: rate,
      }),
    );
    if (!TaskHandle) throw new Error('SQS started the move task without a task handle.');
    return TaskHandle;
  }

  async moveStatus(sourceArn: string, handle?: string): Promise<MoveTask | undefined> {
    // SQS lists a source's tasks newest first, up to 10.
    const { Results = [] } = await this.sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
    );
    const entry = handle ? Results.find((r) => r.TaskHandle === handle) : Results[0];
    return entry && moveTask(entry);
  }

  async purge(queueUrl: string): Promise<void> {
    await this.sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
  }
}
