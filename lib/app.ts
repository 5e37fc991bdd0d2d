import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentSettings } from './deployment-settings.js';
import { GmsStack } from './gms-stack.js';
import { stackNameFor } from './stage.js';

const app = new App();
const settings = readDeploymentSettings(app);

new GmsStack(app, stackNameFor(settings.stage), {
  description: `Genesys Mobile Services 8.5 compatible API (serverless)${settings.stage ? `, stage ${settings.stage}` : ''}`,
  // Environment-agnostic: deploys to the account and region of the CLI credentials and
  // synthesizes offline without any.
  settings,
});

// cdk-nag 3 is a policy-validation plugin: any unacknowledged AwsSolutions finding fails synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
