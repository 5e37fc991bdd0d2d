/**
 * The seed's user-confirmation dialog (GMS's callback strategy names the request
 * `get-dialog-user-confirmation-provide_code-<bool>`): after the agent-available push the app
 * fetches it at `service/{id}/<request>` and shows it as a menu (`DisplayMenu`); its one choice
 * confirms through `connect`, which answers the scenario's next dialog.
 */
export const USER_CONFIRMATION_REQUEST = 'get-dialog-user-confirmation-provide_code-';

/** The request name for a service's `_provide_code`. */
export function userConfirmationRequest(provideCode: boolean): string {
  return `${USER_CONFIRMATION_REQUEST}${provideCode}`;
}

export interface DisplayMenu {
  _id: string;
  _action: 'DisplayMenu';
  _label: string;
  _content: { _group_name: string; _group_content: { _label: string; _user_action_url: string }[] }[];
}

/** The menu, with absolute URLs on this server (as the other dialogs' URLs are). */
export function userConfirmationDialog(origin: string, id: string, chat: boolean): DisplayMenu {
  const session = `${origin}/genesys/1/service/${encodeURIComponent(id)}`;
  return {
    _id: id,
    _action: 'DisplayMenu',
    _label: chat ? 'An agent is available to chat with you.' : 'An agent is available to take your call.',
    _content: [
      {
        _group_name: 'Agent available',
        _group_content: [
          { _label: chat ? 'Start the chat now' : 'Connect now', _user_action_url: `${session}/connect` },
        ],
      },
    ],
  };
}
