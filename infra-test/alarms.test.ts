import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalIdOf, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

interface AlarmResource {
  Properties: {
    AlarmActions?: unknown[];
    OKActions?: unknown[];
    AlarmName?: unknown;
    MetricName?: string;
    Namespace?: string;
    Period?: number;
    EvaluationPeriods: number;
    Threshold: number;
    ComparisonOperator: string;
    TreatMissingData?: string;
    Dimensions?: { Name: string; Value: unknown }[];
    Metrics?: unknown[];
  };
}

// Settings-only: no bundling needed to read the alarms.
const fixture: GmsFixture = synthGmsStack({ bundle: false });
const { stack, template } = fixture;
const alarms = template.findResources('AWS::CloudWatch::Alarm') as Record<string, AlarmResource>;
const topicId = logicalIdOf(stack.alarms.topic);

/** The alarm whose construct path ends in `/<id>` (construct ids are what the runbook names). */
function alarmNamed(id: string): AlarmResource {
  const matches = stack.node
    .findAll()
    .filter((c) => c.node.id === id && c.node.defaultChild?.node.id === 'Resource')
    .filter((c) => logicalIdOf(c) in alarms);
  expect(matches, `alarm ${id}`).toHaveLength(1);
  return alarms[logicalIdOf(matches[0]!)]!;
}

describe('alarms', () => {
  it('every alarm of the stack notifies the alarm topic on ALARM and on OK, with a generated name', () => {
    expect(Object.keys(alarms).length).toBeGreaterThan(20);
    for (const [id, alarm] of Object.entries(alarms)) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.AlarmName, id).toBeUndefined();
    }
  });

  it('has an Errors and a Throttles alarm for every function', () => {
    const functions = Object.values(stack.functions);
    // The others are CDK's deployment-time handlers (UI upload, bucket clean-up): a failure there fails the deploy.
    const unwatched = Object.keys(template.findResources('AWS::Lambda::Function')).filter(
      (id) => !functions.some((fn) => logicalIdOf(fn!) === id),
    );
    expect(
      unwatched.every((id) => id.startsWith('Custom')),
      unwatched.join(),
    ).toBe(true);
    expect(functions.length).toBeGreaterThanOrEqual(11);
    for (const fn of functions) {
      const fnId = logicalIdOf(fn);
      for (const [suffix, metric] of [
        ['Errors', 'Errors'],
        ['Throttles', 'Throttles'],
      ] as const) {
        const a = alarmNamed(`${fn!.node.id}${suffix}`);
        expect(a.Properties.MetricName).toBe(metric);
        expect(a.Properties.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: fnId } }]);
      }
    }
  });

  it('watches both APIs, every table, the queues, push failures and the tick', () => {
    for (const id of [
      'HttpApi5xx',
      'HttpApiLatencyP99',
      'WebSocketApiErrors',
      'WebSocketApiLatencyP99',
      'WorkDeadLetterQueueAlarm',
      'TickDeadLetterQueueAlarm',
      'TickFailureQueueAlarm',
      'WorkQueueOldestMessageAge',
      'PushFailures',
    ]) {
      alarmNamed(id);
    }
    for (const table of Object.values(stack.data.tables)) {
      alarmNamed(`${table.node.id}Throttles`);
      alarmNamed(`${table.node.id}SystemErrors`);
    }
    expect(alarmNamed('HttpApiLatencyP99').Properties).toMatchObject({
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
    });
    expect(alarmNamed('WorkQueueOldestMessageAge').Properties).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(stack.data.queues.work), 'QueueName'] } },
      ],
    });
    // Both channels summed, in the GMS namespace of this stage.
    const push = JSON.stringify(alarmNamed('PushFailures').Properties.Metrics);
    for (const channel of ['websocket', 'httpcb', 'native']) expect(push).toContain(`"Value":"${channel}"`);
    expect(push).toContain('"Namespace":"GMS"');
    expect(push).toContain('{"Name":"stage","Value":"default"}');
  });

  it('pages within 3 minutes of a missing tick', () => {
    const tick = alarmNamed('TickHeartbeat').Properties;
    expect(tick).toMatchObject({
      Namespace: 'GMS',
      MetricName: 'TickCompleted',
      Dimensions: [{ Name: 'stage', Value: 'default' }],
      Period: 60,
      TreatMissingData: 'breaching',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
    });
    expect(tick.EvaluationPeriods).toBeLessThanOrEqual(3);
  });

  it('the stage names the dimension the alarms watch and the functions emit', () => {
    const staged = synthGmsStack({ bundle: false, context: { stage: 'qa' } });
    staged.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'TickCompleted',
      Dimensions: [{ Name: 'stage', Value: 'qa' }],
    });
    staged.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ GMS_STAGE: 'qa' }) },
    });
  });
});

describe('the tick', () => {
  it('is retried and has a failure destination of its own', () => {
    const tickId = logicalIdOf(stack.workers.schedulerTick);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: tickId },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalIdOf(stack.data.queues.tickFailures), 'Arn'] },
        },
      },
    });
  });
});

describe('alarm topic', () => {
  it('is TLS only, lets CloudWatch publish, and its ARN is an output', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribes the alarmEmails addresses, given as a list or a JSON array', () => {
    for (const alarmEmails of [
      'ops@example.com, oncall@example.org',
      '["ops@example.com","oncall@example.org"]',
    ]) {
      const t = synthGmsStack({ bundle: false, context: { alarmEmails } }).template;
      t.resourceCountIs('AWS::SNS::Subscription', 2);
      for (const address of ['ops@example.com', 'oncall@example.org']) {
        t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: address });
      }
    }
  });

  it('refuses an address that is not one', () => {
    expect(() =>
      synthGmsStack({ bundle: false, context: { alarmEmails: 'ops@example.com;oncall' } }),
    ).toThrow("Context 'alarmEmails' has 'ops@example.com;oncall', which is not an e-mail address.");
    expect(() => synthGmsStack({ bundle: false, context: { alarmEmails: '["ops@example.com"' } })).toThrow(
      /alarmEmails.*not valid JSON/,
    );
  });
});

describe('dashboard', () => {
  it('shows the alarms figures and the business metrics of the stage', () => {
    const dashboards = template.findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toEqual([logicalIdOf(stack.alarms.dashboard)]);
    const body = JSON.stringify(stack.resolve(Object.values(dashboards)[0]!.Properties.DashboardBody));
    expect(Object.values(dashboards)[0]!.Properties.DashboardName).toBeUndefined();
    for (const metric of [
      'CallbacksCreated',
      'CallbacksQueued',
      'CallbacksCompleted',
      'AccessNumbersAllocated',
      'PoolExhausted',
      'ChatsStarted',
      'PushFailures',
      'TickCompleted',
      'ApproximateAgeOfOldestMessage',
      'ReadThrottleEvents',
      'Throttles',
      'Latency',
    ]) {
      expect(body, metric).toContain(metric);
    }
    expect(body).toContain('SEARCH(');
  });
});
