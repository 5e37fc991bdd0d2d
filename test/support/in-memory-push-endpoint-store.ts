import type { NativePlatform } from '../../functions/domain/push/native-platforms.js';
import type { PushEndpointStore } from '../../functions/ports/mobile-push.js';

/** The `PushEndpointStore` port over a Map keyed `platform#token`, so what was kept is read back. */
export class InMemoryPushEndpointStore implements PushEndpointStore {
  readonly items = new Map<string, string>();
  async get(platform: NativePlatform, token: string) {
    return this.items.get(`${platform}#${token}`);
  }
  async put(platform: NativePlatform, token: string, endpointArn: string) {
    this.items.set(`${platform}#${token}`, endpointArn);
  }
  async forget(platform: NativePlatform, token: string, endpointArn: string) {
    if (this.items.get(`${platform}#${token}`) === endpointArn) this.items.delete(`${platform}#${token}`);
  }
}
