package io.permitflow.engine;

import io.camunda.zeebe.protocol.impl.record.value.deployment.ProcessRecord;
import io.camunda.zeebe.protocol.impl.record.value.incident.IncidentRecord;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceRecord;
import io.camunda.zeebe.protocol.impl.record.value.usertask.UserTaskRecord;
import io.camunda.zeebe.protocol.impl.record.value.variable.VariableRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.ProcessIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A read model of the log for the REST query endpoints: process instances, their element
 * instances, user tasks, incidents and variables. Rebuilt from the whole log at every start, so it is never
 * out of step with the engine's own state. This stands in for Camunda's secondary storage.
 */
final class Projection {
  final Map<Long, Map<String, Object>> processInstances = new ConcurrentHashMap<>();
  final Map<Long, Map<String, Object>> elementInstances = new ConcurrentHashMap<>();
  final Map<Long, Map<String, Object>> userTasks = new ConcurrentHashMap<>();
  final Map<Long, Map<String, Object>> incidents = new ConcurrentHashMap<>();
  final Map<Long, Map<String, Object>> variables = new ConcurrentHashMap<>();
  private final ModelNames names = new ModelNames();

  void apply(
      final RecordType type,
      final Intent intent,
      final long key,
      final Object value,
      final long timestamp) {
    if (type != RecordType.EVENT) {
      return;
    }
    final String at = Instant.ofEpochMilli(timestamp).toString();
    if (value instanceof ProcessInstanceRecord pi) {
      applyProcessInstance((ProcessInstanceIntent) intent, key, pi, at);
    } else if (value instanceof UserTaskRecord task) {
      applyUserTask((UserTaskIntent) intent, key, task, at);
    } else if (value instanceof IncidentRecord incident) {
      applyIncident((IncidentIntent) intent, key, incident, at);
    } else if (value instanceof VariableRecord variable) {
      applyVariable((VariableIntent) intent, key, variable);
    } else if (value instanceof ProcessRecord process && intent == ProcessIntent.CREATED) {
      names.add(process);
    }
  }

  /** Camunda's variable search shape: the value as JSON text, its scope (process or element instance). */
  private void applyVariable(final VariableIntent intent, final long key, final VariableRecord v) {
    if (intent != VariableIntent.CREATED && intent != VariableIntent.UPDATED) {
      return;
    }
    final Map<String, Object> row = new LinkedHashMap<>();
    row.put("variableKey", String.valueOf(key));
    row.put("name", v.getName());
    row.put("value", v.getValue());
    row.put("isTruncated", false);
    row.put("scopeKey", String.valueOf(v.getScopeKey()));
    row.put("processInstanceKey", String.valueOf(v.getProcessInstanceKey()));
    row.put("tenantId", v.getTenantId());
    variables.put(key, row);
  }

  private void applyProcessInstance(
      final ProcessInstanceIntent intent,
      final long key,
      final ProcessInstanceRecord pi,
      final String at) {
    final boolean isProcess = pi.getBpmnElementType() == BpmnElementType.PROCESS;
    final Map<Long, Map<String, Object>> target = isProcess ? processInstances : elementInstances;
    switch (intent) {
      case ELEMENT_ACTIVATING -> {
        final Map<String, Object> row = new LinkedHashMap<>();
        if (isProcess) {
          row.put("processInstanceKey", String.valueOf(key));
          row.put("parentProcessInstanceKey", keyOrNull(pi.getParentProcessInstanceKey()));
          row.put("parentElementInstanceKey", keyOrNull(pi.getParentElementInstanceKey()));
          row.put(
              "processDefinitionName",
              names.processName(pi.getProcessDefinitionKey(), pi.getBpmnProcessId()));
        } else {
          row.put("elementInstanceKey", String.valueOf(key));
          row.put("processInstanceKey", String.valueOf(pi.getProcessInstanceKey()));
          row.put("elementId", pi.getElementId());
          row.put("elementName", names.elementName(pi.getProcessDefinitionKey(), pi.getElementId()));
          row.put("type", pi.getBpmnElementType().name());
        }
        row.put("processDefinitionId", pi.getBpmnProcessId());
        row.put("processDefinitionKey", String.valueOf(pi.getProcessDefinitionKey()));
        row.put("processDefinitionVersion", pi.getVersion());
        row.put("tenantId", pi.getTenantId());
        row.put("state", "ACTIVE");
        row.put("startDate", at);
        row.put("endDate", null);
        row.put("hasIncident", false);
        target.put(key, row);
      }
      case ELEMENT_COMPLETED -> end(target, key, "COMPLETED", at);
      case ELEMENT_TERMINATED -> end(target, key, "TERMINATED", at);
      default -> {}
    }
  }

  private static void end(
      final Map<Long, Map<String, Object>> target,
      final long key,
      final String state,
      final String at) {
    final Map<String, Object> row = target.get(key);
    if (row != null) {
      row.put("state", state);
      row.put("endDate", at);
    }
  }

  private void applyUserTask(
      final UserTaskIntent intent, final long key, final UserTaskRecord task, final String at) {
    switch (intent) {
      case CREATED -> {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("userTaskKey", String.valueOf(key));
        row.put("elementId", task.getElementId());
        row.put("name", names.elementName(task.getProcessDefinitionKey(), task.getElementId()));
        row.put(
            "processName",
            names.processName(task.getProcessDefinitionKey(), task.getBpmnProcessId()));
        row.put("elementInstanceKey", String.valueOf(task.getElementInstanceKey()));
        row.put("processInstanceKey", String.valueOf(task.getProcessInstanceKey()));
        row.put("processDefinitionKey", String.valueOf(task.getProcessDefinitionKey()));
        row.put("processDefinitionId", task.getBpmnProcessId());
        row.put("processDefinitionVersion", task.getProcessDefinitionVersion());
        row.put("tenantId", task.getTenantId());
        row.put("state", "CREATED");
        row.put("creationDate", at);
        row.put("completionDate", null);
        row.put("externalFormReference", emptyToNull(task.getExternalFormReference()));
        row.put("customHeaders", task.getCustomHeaders());
        copyMutable(row, task);
        userTasks.put(key, row);
      }
      case ASSIGNED, UPDATED, CORRECTED -> {
        final Map<String, Object> row = userTasks.get(key);
        if (row != null) {
          copyMutable(row, task);
          row.put("state", "CREATED");
        }
      }
      case ASSIGNING, CLAIMING -> setState(key, "ASSIGNING");
      case UPDATING -> setState(key, "UPDATING");
      case COMPLETING -> setState(key, "COMPLETING");
      case CANCELING -> setState(key, "CANCELING");
      case ASSIGNMENT_DENIED, UPDATE_DENIED, COMPLETION_DENIED -> setState(key, "CREATED");
      case COMPLETED -> {
        setState(key, "COMPLETED");
        final Map<String, Object> row = userTasks.get(key);
        if (row != null) {
          row.put("completionDate", at);
        }
      }
      case CANCELED -> {
        setState(key, "CANCELED");
        final Map<String, Object> row = userTasks.get(key);
        if (row != null) {
          row.put("completionDate", at);
        }
      }
      default -> {}
    }
  }

  private void setState(final long key, final String state) {
    final Map<String, Object> row = userTasks.get(key);
    if (row != null) {
      row.put("state", state);
    }
  }

  private static void copyMutable(final Map<String, Object> row, final UserTaskRecord task) {
    row.put("assignee", emptyToNull(task.getAssignee()));
    row.put("candidateGroups", new ArrayList<>(task.getCandidateGroupsList()));
    row.put("candidateUsers", new ArrayList<>(task.getCandidateUsersList()));
    row.put("dueDate", emptyToNull(task.getDueDate()));
    row.put("followUpDate", emptyToNull(task.getFollowUpDate()));
    row.put("priority", task.getPriority());
  }

  private void applyIncident(
      final IncidentIntent intent, final long key, final IncidentRecord incident, final String at) {
    if (intent == IncidentIntent.CREATED) {
      final Map<String, Object> row = new LinkedHashMap<>();
      row.put("incidentKey", String.valueOf(key));
      row.put("processInstanceKey", String.valueOf(incident.getProcessInstanceKey()));
      row.put("processDefinitionId", incident.getBpmnProcessId());
      row.put("elementId", incident.getElementId());
      row.put("elementInstanceKey", String.valueOf(incident.getElementInstanceKey()));
      row.put("jobKey", keyOrNull(incident.getJobKey()));
      row.put("errorType", incident.getErrorType().name());
      row.put("errorMessage", incident.getErrorMessage());
      row.put("state", "ACTIVE");
      row.put("creationTime", at);
      incidents.put(key, row);
      flagIncident(incident.getProcessInstanceKey(), true);
    } else if (intent == IncidentIntent.RESOLVED) {
      final Map<String, Object> row = incidents.get(key);
      if (row != null) {
        row.put("state", "RESOLVED");
      }
      final long pik = incident.getProcessInstanceKey();
      final boolean stillOpen =
          incidents.values().stream()
              .anyMatch(
                  i -> String.valueOf(pik).equals(i.get("processInstanceKey"))
                      && "ACTIVE".equals(i.get("state")));
      flagIncident(pik, stillOpen);
    }
  }

  private void flagIncident(final long processInstanceKey, final boolean flag) {
    final Map<String, Object> row = processInstances.get(processInstanceKey);
    if (row != null) {
      row.put("hasIncident", flag);
    }
  }

  private static Object keyOrNull(final long key) {
    return key > 0 ? String.valueOf(key) : null;
  }

  private static String emptyToNull(final String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static List<Map<String, Object>> snapshot(final Map<Long, Map<String, Object>> rows) {
    final List<Map<String, Object>> out = new ArrayList<>();
    rows.values().forEach(r -> out.add(new LinkedHashMap<>(r)));
    return out;
  }
}
