import { beforeAll, describe, expect, it } from 'vitest';
import {
  logicalIdOf,
  mentions,
  statementsOfRole,
  actionsOf,
  synthGmsStack,
  type GmsFixture,
} from './gms-stack-fixture.js';

let f: GmsFixture;
beforeAll(() => {
  f = synthGmsStack();
});

const queue = (construct: Parameters<typeof logicalIdOf>[0]) =>
  f.template.findResources('AWS::SQS::Queue')[logicalIdOf(construct)]!;
type QueueName = 'work' | 'workDeadLetters' | 'tickDeadLetters' | 'tickFailures';
const QUEUES: QueueName[] = ['work', 'workDeadLetters', 'tickDeadLetters', 'tickFailures'];

describe('queues', () => {
  it('are the work queue and three dead-letter queues, nothing else', () => {
    f.template.resourceCountIs('AWS::SQS::Queue', 4);
  });

  it.each(QUEUES.map((name) => [name]))('%s: encrypted, TLS only', (name) => {
    const q = f.stack.data.queues[name];
    expect(queue(q).Properties.SqsManagedSseEnabled).toBe(true);
    const policies = Object.values(f.template.findResources('AWS::SQS::QueuePolicy')).filter((p) =>
      JSON.stringify(p.Properties.Queues).includes(`{"Ref":"${logicalIdOf(q)}"}`),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties.PolicyDocument.Statement).toContainEqual({
      Action: 'sqs:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: { 'Fn::GetAtt': [logicalIdOf(q), 'Arn'] },
    });
  });

  it('moves a work message to its dead-letter queue after 5 receives', () => {
    expect(queue(f.stack.data.queues.work).Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(f.stack.data.queues.workDeadLetters), 'Arn'] },
      maxReceiveCount: 5,
    });
  });

  it('keeps work messages longer than the 15-minute maximum delay, dead letters 14 days', () => {
    expect(queue(f.stack.data.queues.work).Properties.MessageRetentionPeriod).toBeGreaterThan(15 * 60);
    expect(queue(f.stack.data.queues.workDeadLetters).Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(queue(f.stack.data.queues.tickDeadLetters).Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(queue(f.stack.data.queues.tickFailures).Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('hides a received work message for at least six times the worker timeout', () => {
    const worker =
      f.template.findResources('AWS::Lambda::Function')[logicalIdOf(f.stack.workers.callbackWorker)]!;
    const timeout = worker.Properties.Timeout as number;
    expect(queue(f.stack.data.queues.work).Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
  });

  it.each([
    ['work dead-letter', () => f.stack.data.queues.workDeadLetters],
    ['tick dead-letter', () => f.stack.data.queues.tickDeadLetters],
    ['tick failure', () => f.stack.data.queues.tickFailures],
  ])('alarms as soon as the %s queue holds a message', (_name, q) => {
    const alarms = Object.values(f.template.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) =>
        JSON.stringify(a.Properties.Dimensions) ===
        JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(q()), 'QueueName'] } }]),
    );
    expect(alarms).toHaveLength(1);
    const p = alarms[0]!.Properties;
    expect(p.MetricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(p.Threshold).toBe(1);
    expect(p.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
  });
});

describe('callback worker', () => {
  const mappings = () => Object.values(f.template.findResources('AWS::Lambda::EventSourceMapping'));

  it('consumes the work queue, ten records at a time, reporting failures per record', () => {
    expect(mappings()).toHaveLength(1);
    const p = mappings()[0]!.Properties;
    expect(p.EventSourceArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(f.stack.data.queues.work), 'Arn'] });
    expect(p.FunctionName).toEqual({ Ref: logicalIdOf(f.stack.workers.callbackWorker) });
    expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(p.BatchSize).toBe(10);
    // No batching window: a due message is worked on as soon as it becomes visible.
    expect(p.MaximumBatchingWindowInSeconds ?? 0).toBe(0);
  });
});

describe('one-minute tick', () => {
  const schedules = () => Object.values(f.template.findResources('AWS::Scheduler::Schedule'));
  const tickId = () => logicalIdOf(f.stack.workers.schedulerTick);

  it('invokes the tick function every minute, in UTC, without a flexible window', () => {
    expect(schedules()).toHaveLength(1);
    const p = schedules()[0]!.Properties;
    expect(p.ScheduleExpression).toBe('rate(1 minute)');
    expect(p.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(p.State).toBe('ENABLED');
    expect(p.Target.Arn).toEqual({ 'Fn::GetAtt': [tickId(), 'Arn'] });
  });

  it('retries delivery briefly, then dead-letters the tick', () => {
    const target = schedules()[0]!.Properties.Target;
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 2 });
    expect(target.DeadLetterConfig).toEqual({
      Arn: { 'Fn::GetAtt': [logicalIdOf(f.stack.data.queues.tickDeadLetters), 'Arn'] },
    });
  });

  it('runs with a role that can invoke the tick function and dead-letter, nothing else', () => {
    const target = schedules()[0]!.Properties.Target;
    const roleId = (target.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = f.template.findResources('AWS::IAM::Role')[roleId]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    ]);
    const statements = statementsOfRole(f.template, roleId);
    const invoke = statements.filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(mentions(invoke[0]!, tickId())).toBe(true);
    const referenced = [...JSON.stringify(invoke[0]!.Resource).matchAll(/"Fn::GetAtt":\["([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(new Set(referenced)).toEqual(new Set([tickId()]));
    const others = statements.filter((s) => s !== invoke[0]);
    for (const s of others) {
      expect(actionsOf(s)).toEqual(['sqs:SendMessage']);
      expect(mentions(s, logicalIdOf(f.stack.data.queues.tickDeadLetters))).toBe(true);
    }
  });

  it('is retried by Lambda (it is idempotent), long enough for both retries', () => {
    const configs = Object.values(f.template.findResources('AWS::Lambda::EventInvokeConfig')).filter(
      (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: tickId() }),
    );
    expect(configs).toHaveLength(1);
    expect(configs[0]!.Properties).toMatchObject({ MaximumRetryAttempts: 2 });
    // Lambda retries after 1, then 2 more minutes, each run up to the function's timeout.
    expect(configs[0]!.Properties.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(180 + 2 * 60);
  });

  it('ends before the next tick starts', () => {
    const fn = f.template.findResources('AWS::Lambda::Function')[tickId()]!;
    expect(fn.Properties.Timeout).toBeLessThan(60);
  });
});
