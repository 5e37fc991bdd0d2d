import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * The account-wide (per region) role API Gateway writes REST and WebSocket logs with. A WebSocket
 * stage with access logs cannot be deployed until the account has one. Setting it is an account
 * setting, not a stack resource: the role is retained when the stack goes, so the setting never
 * points at a deleted role. Accounts that already have a role set can turn this off
 * (`-c apiGatewayCloudWatchRole=false`).
 */
export class ApiGatewayLoggingRole extends Construct {
  readonly role: iam.Role;
  readonly account: apigateway.CfnAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway account role: writes REST and WebSocket API logs to CloudWatch Logs',
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              // The actions of the AWS-managed AmazonAPIGatewayPushToCloudWatchLogs, limited to this account and region.
              actions: [
                'logs:CreateLogGroup',
                'logs:CreateLogStream',
                'logs:DescribeLogGroups',
                'logs:DescribeLogStreams',
                'logs:PutLogEvents',
                'logs:GetLogEvents',
                'logs:FilterLogEvents',
              ],
              resources: [stack.formatArn({ service: 'logs', resource: '*' })],
            }),
          ],
        }),
      },
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*]',
      reason:
        'API Gateway uses this one account-level role for the access and execution logs of every REST and ' +
        'WebSocket API in the region, creating log groups named after API ids unknown here; it is limited ' +
        'to CloudWatch Logs of this account and region.',
    });
    this.account = new apigateway.CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
  }
}
