import type { RuntimeConfig } from '../runtime-config.js';
import { composeAdmin } from './admin.js';
import { composeCallback } from './callback.js';
import { composeReports } from './reports.js';
import { createDeps } from './full.js';
import { composePatterns } from './patterns.js';
import { composeService } from './service.js';
import { composeStorage } from './storage.js';
import { composeSystem } from './system.js';

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
  agent: createDeps,
  reports: composeReports,
  'callback-worker': createDeps,
  'scheduler-tick': createDeps,
  websocket: createDeps,
};
