import { describe, expect, it } from 'vitest';
import { logicalIdOf, synthGmsStack } from './gms-stack-fixture.js';
import { QUEUE_OUTPUTS } from '../scripts/redrive/redrive-plan.js';

describe('stack outputs read by npm run redrive', () => {
  it('names the work queue and both dead-letter queues by ARN', () => {
    const f = synthGmsStack({ bundle: false });
    const outputs = f.template.findOutputs('*');
    const { queues } = f.stack.data;
    const arnOf = (queue: typeof queues.work) => ({ 'Fn::GetAtt': [logicalIdOf(queue), 'Arn'] });
    expect(outputs[QUEUE_OUTPUTS.workQueue]!.Value).toEqual(arnOf(queues.work));
    expect(outputs[QUEUE_OUTPUTS.workDeadLetters]!.Value).toEqual(arnOf(queues.workDeadLetters));
    expect(outputs[QUEUE_OUTPUTS.tickDeadLetters]!.Value).toEqual(arnOf(queues.tickDeadLetters));
  });
});
