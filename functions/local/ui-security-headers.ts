/**
 * No page of ours runs script it did not ship: chat text, callback properties and service
 * options are shown as text, and this policy refuses inline and foreign scripts besides.
 * (ECharts and the tables set inline styles, hence `style-src 'unsafe-inline'`.)
 */
export const UI_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
