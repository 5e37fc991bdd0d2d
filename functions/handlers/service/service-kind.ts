import type { RequestContext } from '../../http/handler-factory.js';
import type { HttpResult } from '../../http/http-result.js';
import type { Deps } from '../../composition/full.js';

/** One configured service call: the service's name, its configured options, the request. */
export interface ServiceCall {
  name: string;
  /** The `service.{name}` options as configured (empty for an unconfigured built-in name). */
  options: Record<string, string>;
  req: RequestContext;
  deps: Deps;
  /**
   * The id a create must give its session (set for creates with an `Idempotency-Key`, chosen when
   * the key was claimed). A create run again with it (its first request died) must be safe.
   */
  id?: string;
}

/** A built-in service type (`_service` value): what POST (create) and GET (query) do for it. */
export interface ServiceKind {
  create?(call: ServiceCall): Promise<HttpResult>;
  /** `create` honours `call.id` and may run again with it: it accepts an `Idempotency-Key`. */
  idempotent?: boolean;
  query?(call: ServiceCall): Promise<HttpResult>;
}

/**
 * For a customized service, a configured option supersedes the same request parameter
 * (the seed: "the configuration option value will supercede the passed value").
 */
export function effectiveParameters(call: Pick<ServiceCall, 'options' | 'req'>): Record<string, string> {
  const { _type: _t, _service: _s, ...configured } = call.options;
  return { ...call.req.body.fields, ...call.req.query, ...configured };
}
