import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger of the functions; the service name is set here only. */
export const logger = new Logger({
  serviceName: 'gms',
  logLevel:
    (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | undefined) ??
    (process.env.GMS_MODE === 'local' ? 'WARN' : 'INFO'),
});
