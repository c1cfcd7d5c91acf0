import { App } from 'antd';
import { useEffect } from 'react';

type MessageInstance = ReturnType<typeof App.useApp>['message'];
type NotificationInstance = ReturnType<typeof App.useApp>['notification'];

// antd's static message API cannot read the theme/locale; this bridge exposes the context-aware
// instances (from <App>) to code outside components, e.g. the react-query error handlers.
let messageApi: MessageInstance | null = null;
let notificationApi: NotificationInstance | null = null;

export function NotifyBridge() {
  const { message, notification } = App.useApp();
  useEffect(() => {
    messageApi = message;
    notificationApi = notification;
    return () => {
      messageApi = null;
      notificationApi = null;
    };
  }, [message, notification]);
  return null;
}

export function notifyError(text: string): void {
  if (messageApi) void messageApi.error(text);
  else console.error(text);
}

export function notifySuccess(text: string): void {
  if (messageApi) void messageApi.success(text);
}

export function notifyDetail(title: string, description: string, kind: 'success' | 'error' | 'info' = 'info'): void {
  notificationApi?.[kind]({ title, description });
}
