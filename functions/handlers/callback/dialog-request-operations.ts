import { isVisible } from '../../domain/callback/callback-view.js';
import { userConfirmationDialog } from '../../domain/callback/user-confirmation-dialog.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Operation } from '../../http/handler-factory.js';
import { json } from '../../http/http-result.js';

/**
 * `get-dialog-user-confirmation-provide_code-<bool>` on a delayed callback once an agent is
 * available (ROUTING): the menu whose choice is `connect`. Before or after that moment there is
 * nothing to confirm (409), as for `connect` itself.
 */
const userConfirmation: Operation = async (req, deps) => {
  const id = req.params.id!;
  const record = await deps.callbacks.get(id);
  if (!record || !isVisible(record, deps.clock.now())) throw new NotFoundError(`No callback '${id}'.`);
  if (!record.scenario.waitForAgent) {
    throw new ConflictError(`Callback ${id} is not a delayed callback: there is nothing to confirm.`);
  }
  if (record.state !== 'ROUTING') {
    throw new ConflictError(
      `Callback ${id} is ${record.state}: the confirmation dialog exists once an agent is available (ROUTING).`,
    );
  }
  return json(userConfirmationDialog(req.origin, id, record.scenario.mediaType === 'chat'));
};

export const dialogRequestOperations: Record<string, Operation> = {
  userConfirmationDialogTrue: userConfirmation,
  userConfirmationDialogTrueGet: userConfirmation,
  userConfirmationDialogFalse: userConfirmation,
  userConfirmationDialogFalseGet: userConfirmation,
};
