/** What a service call is given: the service's configured options and the request's own parameters. */
export interface GmsRequest {
  /** The `service.{name}` options as configured (empty for an unconfigured built-in name). */
  options: Record<string, string>;
  /** Form, multipart or JSON body fields. */
  fields: Record<string, string>;
  query: Record<string, string>;
}

/**
 * For a customized service, a configured option supersedes the same request parameter
 * (the seed: "the configuration option value will supercede the passed value").
 */
export function effectiveParameters(request: GmsRequest): Record<string, string> {
  const { _type: _t, _service: _s, ...configured } = request.options;
  return { ...request.fields, ...request.query, ...configured };
}
