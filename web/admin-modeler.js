/*
 * The process admin's modeler (bundled by scripts/build-web.js into web/build/admin-modeler.js,
 * git-ignored): bpmn-js with the Zeebe properties panel (bpmn-js-properties-panel), Camunda 8
 * element templates (bpmn-js-element-templates) and Camunda's modeling behaviors. web/app.js
 * loads the bundle on the admin page and calls window.PfAdminModeler.create(...).
 */
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';

/**
 * @param {{ container: string|Element, propertiesParent: string|Element, templates: object[] }} options
 * @returns {BpmnModeler}
 */
function create(options) {
  return new BpmnModeler({
    container: options.container,
    propertiesPanel: { parent: options.propertiesParent },
    elementTemplates: options.templates || [],
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, CloudElementTemplatesPropertiesProviderModule, ZeebeBehaviorsModule],
    moddleExtensions: { zeebe: zeebeModdle },
  });
}

window.PfAdminModeler = { create };
