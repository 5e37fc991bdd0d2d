import { composePatterns } from '../composition/patterns.js';
import { createAreaHandler } from '../http/handler-factory.js';
import { patternsAreaRoutes } from '../routes/areas/patterns.js';
import { patternsOperations } from './patterns/patterns-operations.js';

/** The patterns function: GMS Pattern Matcher API. */
export const handler = createAreaHandler('patterns', patternsAreaRoutes, patternsOperations, composePatterns);
