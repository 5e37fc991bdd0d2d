/** The dialog a callback create or connect answers with (functions/routes/callback-routes.ts). */
export interface CallbackDialog {
  _id: string;
  _action?: 'ConfirmationDialog' | 'DialNumber' | 'StartChat';
  _text?: string;
  _dialog_id?: string;
  _ok_title?: string;
  _access_number?: string;
  _tel_url?: string;
  _access_code?: string;
  _expiration_time?: string;
  _label?: string;
  _start_chat_url?: string;
  _comet_url?: string;
  _user_header?: string;
  _chat_parameters?: Record<string, string>;
  _id_to_jump_before?: string;
}

/** A callback as `GET service/callback?_id=` shows it. */
export interface CallbackView {
  _id: string;
  _service_name: string;
  _callback_state: string;
  _callback_reason?: string;
  _desired_time: string;
  _customer_number?: string;
  [key: string]: string | undefined;
}

export interface QueuePosition {
  _position: number;
  _eta: number | 'n/a';
  _total_waiting: number;
  _agent_ready_threshold_passed: boolean;
  _agent_ready_threshold_passed_reason: string;
}

/** The `{_action, _id}` of a `service.agentavailable.<id>` push. */
export interface AgentAvailable {
  _action?: string;
  _id?: string;
}
