import * as z from '../zod.js';
import { effectiveParameters, type GmsRequest } from './effective-parameters.js';
import { gmsBoolean, gmsRequiredText, gmsText, parseGmsParameters } from './gms-parameter.js';

const schema = z.pipe(
  z.object({
    _access_number: gmsRequiredText(
      '_access_number',
      "Parameter '_access_number' (the dialed number) is mandatory.",
    ),
    _phone_number: gmsText(),
    _access_code: gmsText(),
    _return_user_data: gmsBoolean('_return_user_data'),
    _return_data: gmsBoolean('_return_data'),
    _return_multiple_matches: gmsBoolean('_return_multiple_matches'),
  }),
  z.transform((p) => ({
    accessNumber: p._access_number,
    phoneNumber: p._phone_number,
    accessCode: p._access_code,
    // GMS 8.5.102 documents the flag under both names (`_return_data` in the parameter table,
    // `_return_user_data` in the overview): either asks for the session's user data.
    returnData: p._return_data || p._return_user_data,
    dataParameter: p._return_user_data ? ('_return_user_data' as const) : ('_return_data' as const),
    multiple: p._return_multiple_matches,
  })),
);

/** A match-interaction call's parameters, read once. */
export interface MatchInteractionParameters {
  /** DNIS: the number the caller dialed. */
  accessNumber: string;
  phoneNumber: string | undefined;
  accessCode: string | undefined;
  returnData: boolean;
  /** The flag's name as the caller sent it, for the refusal to name. */
  dataParameter: '_return_user_data' | '_return_data';
  multiple: boolean;
}

export function parseMatchInteraction(request: GmsRequest): MatchInteractionParameters {
  return parseGmsParameters(schema, effectiveParameters(request));
}
