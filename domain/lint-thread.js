// The lint thread (domain/lint.ts): runs the rules of domain/lint-engine.ts on each model sent.
// Plain JavaScript, and the module it runs is plain JavaScript too (the compiled build, or
// core/threads.ts's bundle of the TypeScript). bpmnlint and bpmn-moddle are ES modules, which
// a thread loads with Node's own require; Jest's module sandbox cannot.
'use strict';
const { workerData } = require('piscina');

const { lintInProcess } = require(workerData.engine);

/** { xmls, formKeys, jobTypes, engineVersion } → each model's issues, in order */
module.exports = async function lint({ xmls, formKeys, jobTypes, engineVersion }) {
  const ctx = { formKeys: new Set(formKeys), jobTypes: new Set(jobTypes), engineVersion };
  const issues = [];
  for (const xml of xmls) issues.push(await lintInProcess(xml, ctx));
  return issues;
};
