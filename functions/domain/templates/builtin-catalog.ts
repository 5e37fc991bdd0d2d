import { onFirstUse } from '../on-first-use.js';

/**
 * The built-in templates, loaded (and parsed) at the first request that needs them. Only the
 * template and service-saving flows of the admin function do: loading them at its start cost
 * about 25 KB of its bundle and their schema parse on every cold start.
 */
export const builtinTemplates = onFirstUse(() => import('./index.js'));
