import type { AwsCall, AwsResource } from './aws-call.js';
import { operationName, type SdkCallDescriber } from './sdk-call-recording.js';

/** SQS actions whose batch form is authorized by the single form (`SendMessageBatch` needs `sqs:SendMessage`). */
const SQS_BATCH_ACTIONS: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

/** SQS commands against the work queue and its dead-letter queue, known by their URLs. */
export function sqsCallDescriber(urls: { work?: string; workDeadLetters?: string }): SdkCallDescriber {
  return (operation, input) => {
    const op = operationName(operation);
    const url = String(input.QueueUrl);
    const resource: AwsResource =
      url === urls.work
        ? { kind: 'queue', queue: 'work' }
        : url === urls.workDeadLetters
          ? { kind: 'queue', queue: 'work-dead-letters' }
          : { kind: 'unknown', service: 'sqs', name: url };
    return [{ action: `sqs:${SQS_BATCH_ACTIONS[op] ?? op}`, resource }];
  };
}

/** `PutEvents`: one authorization per bus, with the entries' sources and detail types as condition keys. */
export const eventBridgeCallDescriber: SdkCallDescriber = (operation, input) => {
  const op = operationName(operation);
  const entries = (input.Entries ?? []) as { EventBusName?: string; Source?: string; DetailType?: string }[];
  const buses = new Map<string, typeof entries>();
  for (const e of entries)
    buses.set(e.EventBusName ?? 'default', [...(buses.get(e.EventBusName ?? 'default') ?? []), e]);
  return [...buses].map(([name, onBus]): AwsCall => ({
    action: `events:${op}`,
    resource: { kind: 'event-bus', name },
    context: {
      'events:source': [...new Set(onBus.map((e) => String(e.Source)))],
      'events:detail-type': [...new Set(onBus.map((e) => String(e.DetailType)))],
    },
  }));
};

/** Secrets Manager commands on one known secret (each client reads one). */
export const secretCallDescriber =
  (secret: 'admin' | 'push-signing'): SdkCallDescriber =>
  (operation) => [
    { action: `secretsmanager:${operationName(operation)}`, resource: { kind: 'secret', secret } },
  ];

const CONNECTION_METHODS: Record<string, 'POST' | 'GET' | 'DELETE'> = {
  PostToConnection: 'POST',
  GetConnection: 'GET',
  DeleteConnection: 'DELETE',
};

/** API Gateway's management API: `execute-api:ManageConnections` on `<api>/<stage>/<VERB>/@connections/<id>`. */
export const connectionCallDescriber: SdkCallDescriber = (operation) => [
  {
    action: 'execute-api:ManageConnections',
    resource: {
      kind: 'websocket-connection',
      method: CONNECTION_METHODS[operationName(operation)] ?? 'POST',
    },
  },
];
