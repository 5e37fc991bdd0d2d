import type { Factories } from './factories.js';
import * as factories from './port-factories.js';

/** Every port's factory: the local runtime and tests compose all of them (no Lambda bundle imports this). */
export const ALL_FACTORIES: Factories = factories;
