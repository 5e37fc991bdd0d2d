import type { RuntimeConfig } from '../runtime-config.js';
import { composeAdmin } from './admin.js';
import { composeAgent } from './agent.js';
import { composeCallback } from './callback.js';
import { composePatterns } from './patterns.js';
import { composeReports } from './reports.js';
import { composeService } from './service.js';
import { composeSession } from './session.js';
import { composeStorage } from './storage.js';
import { composeSystem } from './system.js';
import { composeTick } from './tick.js';
import { composeWebsocket } from './websocket.js';
import { composeWorker } from './worker.js';

/**
 * Each Lambda function's composition, by the function's id in the stack (lib/area-permissions.ts).
 * Read by the infra test that composes every function from its synthesized environment; the entry
 * files import their own composition directly, so a bundle carries only its own.
 */
export const COMPOSITIONS: Readonly<Record<string, (runtime: RuntimeConfig) => object>> = {
  system: composeSystem,
  service: composeService,
  storage: composeStorage,
  patterns: composePatterns,
  admin: composeAdmin,
  callback: composeCallback,
  session: composeSession,
  agent: composeAgent,
  reports: composeReports,
  'callback-worker': composeWorker,
  'scheduler-tick': composeTick,
  websocket: composeWebsocket,
};
