import type { Area } from '../../domain/areas.js';
import type { NativePlatform } from '../../domain/push/native-platforms.js';
import type { TableId } from '../dynamodb/table-definitions.js';

/** The Lambda function making a call: an HTTP area (the `$default` route is `system`'s) or a background function. */
export type CallerId = Area | 'callback-worker' | 'scheduler-tick' | 'websocket';

/** What an AWS call touches, named by the stack's own resources rather than by physical names. */
export type AwsResource =
  | { kind: 'table'; table: TableId; index?: string }
  | { kind: 'queue'; queue: 'work' | 'work-dead-letters' }
  | { kind: 'event-bus'; name: string }
  | { kind: 'secret'; secret: 'admin' | 'push-signing' }
  /** API Gateway's management API on a WebSocket connection (`execute-api:ManageConnections`). */
  | { kind: 'websocket-connection'; method: 'POST' | 'GET' | 'DELETE' }
  /** SNS mobile push: a configured platform application (`CreatePlatformEndpoint`) or one of its endpoints. */
  | { kind: 'sns-application' | 'sns-endpoint'; platform: NativePlatform }
  /** A physical name that maps to none of the stack's resources: a permission no role can grant. */
  | { kind: 'unknown'; service: string; name: string };

/** One IAM authorization an AWS request needs: the action, its resource and the condition keys it carries. */
export interface AwsCall {
  /** The IAM action, e.g. `dynamodb:Query` (a `SendMessageBatch` needs `sqs:SendMessage`). */
  action: string;
  resource: AwsResource;
  /** Condition keys of the request, e.g. `dynamodb:LeadingKeys` (the partition keys it touches). */
  context?: Record<string, string[]>;
}

/**
 * The AWS calls each method of a port performs in AWS, declared next to the AWS adapter so that
 * local stand-ins (which make no AWS call) are recorded as what AWS would be asked. Every method
 * must be declared: a method added to the port without its calls does not compile.
 */
export type PortAwsCalls<T> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [K in keyof T as T[K] extends (...args: any[]) => unknown ? K : never]-?: readonly AwsCall[];
};
