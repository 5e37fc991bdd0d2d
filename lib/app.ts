import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentSettings } from './deployment-settings.js';
import { GmsStack } from './gms-stack.js';

const app = new App();

new GmsStack(app, 'Gms', {
  description: 'Genesys Mobile Services 8.5 compatible API (serverless)',
  // Environment-agnostic: deploys to the account and region of the CLI credentials and
  // synthesizes offline without any.
  settings: readDeploymentSettings(app),
});

// cdk-nag 3 is a policy-validation plugin: any unacknowledged AwsSolutions finding fails synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
