/** A failed expectation of the smoke test: the step fails with this message. */
export class SmokeFailure extends Error {}

export interface GmsResponse {
  status: number;
  // Smoke steps read answers field by field, as a client app does.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/**
 * The few HTTP calls the smoke test makes, as an app and an operator would: public calls carry
 * the public API key when given, management calls the bearer token of `admin/login`.
 */
export class GmsClient {
  private token?: string;

  constructor(
    private readonly base: string,
    private readonly options: { apiKey?: string; timeoutMs: number },
  ) {}

  setToken(token: string | undefined): void {
    this.token = token;
  }

  hasToken(): boolean {
    return this.token !== undefined;
  }

  /** `path` under `/genesys/1`. */
  async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: { json?: unknown; form?: Record<string, string>; admin?: boolean } = {},
  ): Promise<GmsResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.admin) {
      if (!this.token) throw new SmokeFailure('No bearer token: the admin login step did not pass.');
      headers.authorization = `Bearer ${this.token}`;
    } else if (this.options.apiKey) headers['x-api-key'] = this.options.apiKey;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const url = `${this.base}/genesys/1${path}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (e) {
      throw new SmokeFailure(`${method} ${path}: ${(e as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  }

  /** The call, which must answer `status`; otherwise the step fails with the server's answer. */
  async expect(
    status: number,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: Parameters<GmsClient['call']>[2] = {},
  ): Promise<GmsResponse> {
    const res = await this.call(method, path, options);
    if (res.status !== status) {
      const message = (res.body as { message?: unknown } | undefined)?.message;
      throw new SmokeFailure(
        `${method} ${path} answered ${res.status}, expected ${status}: ${typeof message === 'string' ? message : res.text.slice(0, 300)}`,
      );
    }
    return res;
  }
}
