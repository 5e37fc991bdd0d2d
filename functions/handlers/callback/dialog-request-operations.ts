import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import type { RequestContext } from '../../http/request-context.js';
import * as routes from '../../routes/callback-session-routes.js';
import { confirmationMenu, type ConfirmationMenuPorts } from '../../use-cases/callback/confirmation-menu.js';

const menu = async (
  { params }: { params: { id: string } },
  ports: ConfirmationMenuPorts,
  req: RequestContext,
) => json(await confirmationMenu(ports, params.id, req.origin));

/** The user-confirmation dialog, under each name GMS's samples request it by. */
export const dialogRequestOperations = [
  operation(routes.userConfirmationDialogTrue, menu),
  operation(routes.userConfirmationDialogTrueGet, menu),
  operation(routes.userConfirmationDialogFalse, menu),
  operation(routes.userConfirmationDialogFalseGet, menu),
];
