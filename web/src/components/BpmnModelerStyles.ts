/** The modeler's styles: bpmn-js's, the properties panel's and the element templates' (loaded with the workbench only). */
import './BpmnStyles';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
