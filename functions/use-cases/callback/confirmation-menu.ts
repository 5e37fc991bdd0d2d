import { userConfirmationDialog, type DisplayMenu } from '../../domain/callback/user-confirmation-dialog.js';
import { ConflictError } from '../../domain/errors.js';
import { findVisibleCallback, type FindCallbacksPorts } from './find-callbacks.js';

export type ConfirmationMenuPorts = FindCallbacksPorts;

/**
 * `get-dialog-user-confirmation-provide_code-<bool>` on a delayed callback once an agent is
 * available (ROUTING): the menu whose choice is `connect`. Before or after that moment there is
 * nothing to confirm (409), as for `connect` itself.
 */
export async function confirmationMenu(
  ports: ConfirmationMenuPorts,
  id: string,
  origin: string,
): Promise<DisplayMenu> {
  const record = await findVisibleCallback(ports, id);
  if (!record.scenario.waitForAgent) {
    throw new ConflictError(`Callback ${id} is not a delayed callback: there is nothing to confirm.`);
  }
  if (record.state !== 'ROUTING') {
    throw new ConflictError(
      `Callback ${id} is ${record.state}: the confirmation dialog exists once an agent is available (ROUTING).`,
    );
  }
  return userConfirmationDialog(origin, id, record.scenario.mediaType === 'chat');
}
