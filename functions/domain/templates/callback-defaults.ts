/**
 * The callback template's defaults that request handling needs without the template itself (the
 * callback function would otherwise carry the whole template, ~13 KB, for one string).
 */

/** `_resource_group`: the group a callback's access number comes from when nothing names one. */
export const CALLBACK_RESOURCE_GROUP = 'DNIS';
