/**
 * The local engine's state reads ranges of keys (here a job's variables) from its own column
 * families (engine/src/main/java/io/camunda/zeebe/process/test/engine/db): a range longer than the
 * first read answers whole, as Zeebe's does. The engine's checkers, which read their ranges from the
 * start (jobs past their timeout), are exercised by test/fault/worker-kill.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../core/config';
import { eventually, startTestSystem, TestSystem } from '../support/harness';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ workers: false });
});
afterAll(async () => {
  await sys?.stop();
});

const maybe = loadConfig().engine.local ? it : it.skip;

/** A process with one service task of this job type. */
function oneTask(processId: string, jobType: string): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d-${processId}" targetNamespace="https://permitflow.example/test">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`);
}

async function deployOneTask(): Promise<{ processId: string; jobType: string }> {
  const id = randomUUID().slice(0, 8);
  const processId = `engine-state-${id}`;
  const jobType = `test.engine-state-${id}`;
  await sys.engine.zeebe.deployResource({ process: oneTask(processId, jobType), name: `${processId}.bpmn` });
  return { processId, jobType };
}

maybe('a job sees every variable of its instance, far more than one read of the state holds', async () => {
  const { processId, jobType } = await deployOneTask();
  const variables = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`v${String(i).padStart(2, '0')}`, `值${i}`]));
  await sys.engine.zeebe.createProcessInstance({ bpmnProcessId: processId, variables });
  const [job] = await eventually(async () => {
    const jobs = await sys.engine.zeebe.activateJobs({ type: jobType, worker: 'engine-state', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: 2000 });
    return jobs.length ? jobs : undefined;
  }, 20_000, 'the job');
  expect(job.variables).toEqual(variables);
  await sys.engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
});
