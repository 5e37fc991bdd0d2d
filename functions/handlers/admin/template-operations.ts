import { InvalidParameterError } from '../../domain/errors.js';
import { operation } from '../../http/define-route.js';
import { json } from '../../http/http-result.js';
import type { RequestContext } from '../../http/request-context.js';
import { templates, uploadTemplate } from '../../routes/admin-routes.js';
import { deleteTemplate, type DeleteTemplatePorts } from '../../use-cases/admin/delete-template.js';
import { getTemplate, listTemplates, type ReadTemplatesPorts } from '../../use-cases/admin/read-templates.js';
import { saveTemplate, type SaveTemplatePorts } from '../../use-cases/admin/save-template.js';

/**
 * The template a request uploads: a JSON body, or a file in the multipart field `file` (its
 * reader, with the zip inflater, loads with the first upload).
 */
async function uploadedDocument(req: RequestContext): Promise<unknown> {
  if (req.body.kind === 'json') return req.body.json;
  if (req.body.kind === 'multipart') {
    const file = req.body.files.file;
    if (!file) {
      throw new InvalidParameterError(
        'file',
        "Send the template (a .json file or a .zip holding one) in the multipart field 'file'.",
      );
    }
    return (await import('../../domain/templates/template-file.js')).documentFromFile(file);
  }
  throw new InvalidParameterError(
    'body',
    "Send the template as a JSON body, or as a multipart upload in the field 'file'.",
  );
}

/** `/genesys/1/admin/templates`: the Service Templates tab. */
export const templateOperations = [
  operation(templates.list, async (_input, ports: ReadTemplatesPorts) => json(await listTemplates(ports))),
  operation(templates.get, async ({ params }, ports: ReadTemplatesPorts) =>
    json(await getTemplate(ports, params.name)),
  ),
  // The document as sent: the template parser reads it whole (the route's schema only documents it).
  operation(templates.put, async ({ params }, ports: SaveTemplatePorts, req) =>
    json(await saveTemplate(ports, req.body.json, params.name)),
  ),
  operation(templates.delete, async ({ params }, ports: DeleteTemplatePorts) => {
    await deleteTemplate(ports, params.name);
    return json({ deleted: params.name });
  }),
  operation(uploadTemplate, async (_input, ports: SaveTemplatePorts, req) =>
    json(await saveTemplate(ports, await uploadedDocument(req))),
  ),
];
