import { CometD, type Message } from 'cometd';
import { adapt } from 'cometd-nodejs-client';
import { until } from './chat-client.js';

let adapted = false;

export type CometTransport = 'websocket' | 'long-polling';

/**
 * The real `cometd` JavaScript client on one transport only, identified as a GMS user either by
 * the `gms_user` request header (long-polling; a browser WebSocket cannot send headers) or by
 * `ext.gms_user` in the handshake. It subscribes to `/_genesys` after every successful handshake,
 * as CometD applications do, so a re-handshake (server dropped the client) subscribes again.
 */
export class CometClient {
  readonly cometd: CometD;
  readonly messages: Message[] = [];
  readonly metaReplies: Message[] = [];
  handshakes = 0;
  subscriptions = 0;

  private constructor() {
    this.cometd = new CometD();
  }

  static async open(
    url: string,
    transport: CometTransport,
    user: string,
    identify: 'header' | 'ext',
  ): Promise<CometClient> {
    // The real cometd client in Node: XMLHttpRequest and WebSocket (the `ws` package) on a global
    // `window`. Installed on first use, after the server's modules loaded: some (echarts) read
    // `window` at import and take it for a browser.
    if (!adapted) {
      adapt();
      adapted = true;
    }
    const c = new CometClient();
    const others = transport === 'websocket' ? ['long-polling', 'callback-polling'] : ['websocket'];
    for (const t of others) c.cometd.unregisterTransport(t);
    c.cometd.configure({
      url,
      logLevel: 'warn',
      ...(identify === 'header' ? { requestHeaders: { gms_user: user } } : {}),
    });
    for (const channel of ['/meta/handshake', '/meta/connect', '/meta/subscribe', '/meta/unsuccessful']) {
      c.cometd.addListener(channel, (m) => c.metaReplies.push(m));
    }
    c.cometd.addListener('/meta/handshake', (m) => {
      if (!m.successful) return;
      c.handshakes++;
      c.cometd.subscribe(
        '/_genesys',
        (message) => c.messages.push(message),
        (reply) => {
          if (reply.successful) c.subscriptions++;
        },
      );
    });
    c.cometd.handshake(identify === 'ext' ? { ext: { gms_user: user } } : {});
    try {
      await until(
        async () => c.subscriptions,
        (n) => n >= 1,
        `cometd client of ${user} subscribed over ${transport}`,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; meta replies: ${JSON.stringify(c.metaReplies)}`);
    }
    return c;
  }

  get clientId(): string {
    return this.cometd.getClientId()!;
  }

  get transport(): string {
    return this.cometd.getTransport()!.type;
  }

  /** The first `/_genesys` message whose `data.tag` is `tag` (and that matches `check`). */
  next(tag: string, check: (m: Message) => boolean = () => true): Promise<Message> {
    return until(
      async () => this.messages.find((m) => (m.data as { tag?: string })?.tag === tag && check(m)),
      (m) => m !== undefined,
      `a /_genesys message tagged ${tag}`,
    ) as Promise<Message>;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.cometd.isDisconnected()) resolve();
      else this.cometd.disconnect(() => resolve());
    });
  }
}
