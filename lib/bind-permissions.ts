import type { WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { ADMIN_SECRET_ENV } from '../functions/runtime-config.js';
import type { FunctionPermissions } from './area-permissions.js';
import { PUSH_SIGNING_SECRET_ENV } from './gms-data.js';
import type { GmsData } from './gms-data.js';
import type { GmsFunction } from './gms-function.js';

export interface BindableResources {
  data: GmsData;
  /** The WebSocket stage functions that push are bound to. */
  webSocketStage: WebSocketStage;
  /** The URL clients connect to, when not the stage's own (a custom domain). */
  webSocketUrl?: string;
}

/**
 * Gives `fn` exactly what `permissions` lists. A table the function may not use is not even
 * named to it: its composition builds no port on it, and one that tried would fail at start.
 */
export function bindPermissions(
  fn: GmsFunction,
  permissions: FunctionPermissions,
  resources: BindableResources,
): GmsFunction {
  const { data } = resources;
  for (const table of Object.values(data.tables)) {
    const access = permissions.tables[table.tableId];
    if (access) fn.bindTable(table, access);
  }
  if (permissions.adminSecret) fn.bindSecret(data.adminSecret, ADMIN_SECRET_ENV);
  if (permissions.sendsWork) fn.bindWorkQueue(data.queues.work);
  if (permissions.readsQueueStats) fn.bindQueueStats(data.queues.work, data.queues.workDeadLetters);
  if (permissions.dials) fn.bindDialBus(data.dialBus);
  if (permissions.pushes) fn.bindWebSocket(resources.webSocketStage, resources.webSocketUrl);
  if (permissions.pushesNative) fn.bindNativePush(data.nativePush);
  if (permissions.signsWebhooks) fn.bindSecret(data.pushSigningSecret, PUSH_SIGNING_SECRET_ENV);
  return fn;
}
