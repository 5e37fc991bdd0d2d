/**
 * zod for functions/: `zod/mini`, the functional build whose schemas carry only what they use (zod
 * classic's methods put about 98 KB of it in every Lambda bundle). It is set up the way zod classic
 * sets itself up, so parses answer the same: English issue messages, which 400 bodies quote
 * (`zod/mini` loads no locale and would say "Invalid input"). Classic's other default, the memoizer,
 * only matters for recursive schemas, and there are none here. Import zod through this module
 * (eslint.config.js forbids `zod` and a direct `zod/mini` value import in functions/).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
/** The error a parse throws. Named here: `z.core` is a namespace, and using it as a value brings all of zod's core into a bundle. */
export { $ZodError } from 'zod/v4/core';
