import {
  EndpointDisabledException,
  InvalidParameterException,
  NotFoundException,
  PlatformApplicationDisabledException,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { snsErrorDelivery, SnsMobilePush } from '../../../../functions/adapters/sns/sns-mobile-push.js';

const APNS_APP = 'arn:aws:sns:eu-west-1:111122223333:app/APNS/gms-ios';
const GCM_APP = 'arn:aws:sns:eu-west-1:111122223333:app/GCM/gms-android';
const ENDPOINT = 'arn:aws:sns:eu-west-1:111122223333:endpoint/APNS/gms-ios/5e3e9847';

type Answer = Record<string, unknown> | Error;
const meta = { $metadata: {} };

/**
 * A real SNS client whose middleware answers each command from a script of canned outputs (per
 * command name, in order) once the request is built, so nothing is signed or sent.
 */
function cannedSns(script: Record<string, Answer[]>) {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  const client = new SNSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = context.commandName!;
      calls.push({ command, input: args.input as Record<string, unknown> });
      const next = script[command]?.shift();
      if (!next) throw new Error(`unexpected ${command}`);
      if (next instanceof Error) throw next;
      return { output: { $metadata: {}, ...next }, response: {} } as never;
    },
    { step: 'build', name: 'cannedAnswers' },
  );
  return { sns: new SnsMobilePush('eu-west-1', { APNS: APNS_APP, GCM: GCM_APP }, client), calls };
}

describe('SnsMobilePush', () => {
  it('creates the endpoint on the platform application of the token', async () => {
    const { sns, calls } = cannedSns({ CreatePlatformEndpointCommand: [{ EndpointArn: ENDPOINT }] });
    expect(sns.platforms).toEqual(['APNS', 'GCM']);
    expect(await sns.createEndpoint('APNS', 'a1b2')).toEqual({ endpointArn: ENDPOINT });
    expect(calls).toEqual([
      {
        command: 'CreatePlatformEndpointCommand',
        input: { PlatformApplicationArn: APNS_APP, Token: 'a1b2' },
      },
    ]);
  });

  it('answers invalid when SNS refuses the token, failed when the platform is not configured', async () => {
    const { sns } = cannedSns({
      CreatePlatformEndpointCommand: [
        new InvalidParameterException({
          message:
            'Invalid parameter: Token Reason: iOS device tokens must be no more than 400 hexadecimal characters',
          ...meta,
        }),
      ],
    });
    expect((await sns.createEndpoint('APNS', 'zz')) as { outcome: string }).toMatchObject({
      outcome: 'invalid',
    });
    expect(await sns.createEndpoint('APNS_SANDBOX', 'a1')).toMatchObject({ outcome: 'failed' });
  });

  it('publishes the JSON message structure to the endpoint', async () => {
    const { sns, calls } = cannedSns({ PublishCommand: [{ MessageId: 'm-1' }] });
    expect(await sns.publish(ENDPOINT, '{"default":"t","APNS":"{}"}')).toEqual({ outcome: 'delivered' });
    expect(calls[0]).toEqual({
      command: 'PublishCommand',
      input: { TargetArn: ENDPOINT, Message: '{"default":"t","APNS":"{}"}', MessageStructure: 'json' },
    });
  });

  it('maps a disabled or unknown endpoint to invalid, and throttling or a disabled application to failed', async () => {
    const { sns } = cannedSns({
      PublishCommand: [
        new EndpointDisabledException({ message: 'Endpoint is disabled', ...meta }),
        new NotFoundException({ message: 'Endpoint does not exist', ...meta }),
        new InvalidParameterException({
          message: 'Invalid parameter: TargetArn Reason: No endpoint found',
          ...meta,
        }),
        new InvalidParameterException({ message: 'Invalid parameter: Message too long', ...meta }),
        new ThrottledException({ message: 'Rate exceeded', ...meta }),
        new PlatformApplicationDisabledException({ message: 'Platform application is disabled', ...meta }),
      ],
    });
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push((await sns.publish(ENDPOINT, '{}')).outcome);
    expect(outcomes).toEqual(['invalid', 'invalid', 'invalid', 'failed', 'failed', 'failed']);
  });

  it('deletes an endpoint', async () => {
    const { sns, calls } = cannedSns({ DeleteEndpointCommand: [{}] });
    await sns.deleteEndpoint(ENDPOINT);
    expect(calls).toEqual([{ command: 'DeleteEndpointCommand', input: { EndpointArn: ENDPOINT } }]);
  });

  it('says what the error was', () => {
    expect(
      snsErrorDelivery(new EndpointDisabledException({ message: 'Endpoint is disabled', ...meta })),
    ).toEqual({
      outcome: 'invalid',
      detail: 'EndpointDisabledException: Endpoint is disabled',
    });
  });
});
