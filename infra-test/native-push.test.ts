import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FUNCTION_IDS, type FunctionId } from '../lib/area-permissions.js';
import { readDeploymentSettings } from '../lib/deployment-settings.js';
import { PLATFORM_APPLICATION_ENV } from '../functions/runtime-config.js';
import {
  actionsOf,
  logicalIdOf,
  statementsOfRole,
  synthGmsStack,
  type GmsFixture,
} from './gms-stack-fixture.js';

const APNS = 'arn:aws:sns:us-east-1:111122223333:app/APNS/gms-ios';
const APNS_SANDBOX = 'arn:aws:sns:us-east-1:111122223333:app/APNS_SANDBOX/gms-ios-dev';
const GCM = 'arn:aws:sns:us-east-1:111122223333:app/GCM/gms-android';

/** The functions that send native push: those that push agent-available notifications and chat events. */
const NATIVE_PUSHERS: FunctionId[] = ['callback', 'session', 'agent', 'callback-worker', 'websocket'];

const snsStatements = (f: GmsFixture, id: FunctionId) =>
  statementsOfRole(f.template, logicalIdOf(f.stack.functions[id]!.role!)).filter((s) =>
    actionsOf(s).some((a) => a.startsWith('sns:')),
  );
const envOf = (f: GmsFixture, id: FunctionId) => {
  const fn = f.template.toJSON().Resources[logicalIdOf(f.stack.functions[id]!)];
  return (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
};

const settingsOf = (context: Record<string, unknown>) => readDeploymentSettings(new App({ context }));

describe('native push settings', () => {
  it('default to none', () => {
    expect(settingsOf({}).nativePush).toEqual({});
  });

  it('read each platform application ARN', () => {
    expect(
      settingsOf({
        apnsPlatformApplicationArn: APNS,
        apnsSandboxPlatformApplicationArn: APNS_SANDBOX,
        fcmPlatformApplicationArn: GCM,
      }).nativePush,
    ).toEqual({ APNS, APNS_SANDBOX, GCM });
  });

  it('refuse what is not an SNS platform application ARN, or one of another platform', () => {
    expect(() => settingsOf({ apnsPlatformApplicationArn: 'gms-ios' })).toThrow(
      /Context 'apnsPlatformApplicationArn' must be an SNS platform application ARN/,
    );
    expect(() =>
      settingsOf({ fcmPlatformApplicationArn: 'arn:aws:sns:us-east-1:111122223333:my-topic' }),
    ).toThrow(/must be an SNS platform application ARN/);
    expect(() => settingsOf({ apnsPlatformApplicationArn: APNS_SANDBOX })).toThrow(
      /must name a APNS platform application, not a APNS_SANDBOX one/,
    );
    expect(() => settingsOf({ fcmPlatformApplicationArn: APNS })).toThrow(
      /must name a GCM platform application/,
    );
  });
});

describe('native push grants', () => {
  it('without platform applications: no function has any SNS right or application env var', () => {
    const f = synthGmsStack({ bundle: false });
    for (const id of FUNCTION_IDS) {
      expect(snsStatements(f, id), id).toEqual([]);
      for (const name of Object.values(PLATFORM_APPLICATION_ENV))
        expect(envOf(f, id)[name], id).toBeUndefined();
    }
  });

  it('with them: only the functions that push, scoped to the applications and their endpoints', () => {
    const f = synthGmsStack({
      bundle: false,
      context: { apnsPlatformApplicationArn: APNS, fcmPlatformApplicationArn: GCM },
    });
    for (const id of FUNCTION_IDS) {
      const statements = snsStatements(f, id);
      if (!NATIVE_PUSHERS.includes(id)) {
        expect(statements, id).toEqual([]);
        expect(envOf(f, id)[PLATFORM_APPLICATION_ENV.APNS], id).toBeUndefined();
        continue;
      }
      expect(
        statements.map((s) => ({ effect: s.Effect, actions: actionsOf(s).sort(), resource: s.Resource })),
        id,
      ).toEqual([
        { effect: 'Allow', actions: ['sns:CreatePlatformEndpoint'], resource: [APNS, GCM] },
        {
          effect: 'Allow',
          actions: ['sns:DeleteEndpoint', 'sns:Publish'],
          resource: [
            'arn:aws:sns:us-east-1:111122223333:endpoint/APNS/gms-ios/*',
            'arn:aws:sns:us-east-1:111122223333:endpoint/GCM/gms-android/*',
          ],
        },
      ]);
      expect(envOf(f, id)).toMatchObject({
        [PLATFORM_APPLICATION_ENV.APNS]: APNS,
        [PLATFORM_APPLICATION_ENV.GCM]: GCM,
      });
      expect(envOf(f, id)[PLATFORM_APPLICATION_ENV.APNS_SANDBOX], id).toBeUndefined();
    }
  });

  it('passes cdk-nag: the endpoint wildcards are acknowledged with a reason', () => {
    const f = synthGmsStack({
      bundle: false,
      context: { apnsSandboxPlatformApplicationArn: APNS_SANDBOX, fcmPlatformApplicationArn: GCM },
    });
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(f.stack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });
});
