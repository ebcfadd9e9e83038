/* The bpmn.io packages the modeler loads ship no type declarations. */
declare module 'bpmn-js-properties-panel';
declare module 'bpmn-js-element-templates';
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
