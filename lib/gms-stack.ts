import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeploymentSettings } from './deployment-settings.js';
import { GmsApi } from './gms-api.js';
import { GmsData } from './gms-data.js';

export interface GmsStackProps extends StackProps {
  settings: DeploymentSettings;
}

/** The whole GMS deployment: stateful data wired into the stateless API. */
export class GmsStack extends Stack {
  readonly data: GmsData;
  readonly api: GmsApi;

  constructor(scope: Construct, id: string, props: GmsStackProps) {
    super(scope, id, props);
    this.data = new GmsData(this, 'Data');
    this.api = new GmsApi(this, 'Api', {
      data: this.data,
      allowedOrigins: props.settings.allowedOrigins,
      throttle: props.settings.throttle,
      logLevel: props.settings.logLevel,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.url,
      description: 'Base URL of the API; GMS paths start with genesys/1/',
    });
    new CfnOutput(this, 'AdminSecretArn', {
      value: this.data.adminSecret.secretArn,
      description: 'Secrets Manager secret holding the initial password of user "default"',
    });
  }
}
