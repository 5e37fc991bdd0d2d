import { JsonLogger, LOG_LEVELS, type LogLevel } from './adapters/logging/json-logger.js';

const configured = (process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL)?.toUpperCase();

/** The one logger of the functions; the service name is set here only. */
export const logger = new JsonLogger(
  'gms',
  (LOG_LEVELS as readonly string[]).includes(configured ?? '')
    ? (configured as LogLevel)
    : process.env.GMS_MODE === 'local'
      ? 'WARN'
      : 'INFO',
);
