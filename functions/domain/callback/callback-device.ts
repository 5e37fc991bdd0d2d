/**
 * Where a callback's pushes go: its `_device_os` and `_device_notification_id` properties, named as
 * the push target names them (absent when the callback has none: WebSocket and CometD subscribers
 * and poll only).
 */
export interface CallbackDevice {
  deviceOs?: string;
  deviceNotificationId?: string;
}

export function deviceOf(properties: Record<string, string>): CallbackDevice {
  return {
    ...(properties._device_os !== undefined ? { deviceOs: properties._device_os } : {}),
    ...(properties._device_notification_id !== undefined
      ? { deviceNotificationId: properties._device_notification_id }
      : {}),
  };
}
