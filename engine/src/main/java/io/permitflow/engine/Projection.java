package io.permitflow.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A read model of the log for the REST query endpoints: process instances, their element
 * instances, user tasks, incidents and variables. It stands in for Camunda's secondary storage.
 *
 * <p>Bounded: it holds every open process instance with all its rows, and the most recently
 * finished ones (at most {@code historyInstances}, and none finished longer ago than
 * {@code historyMillis} by the engine clock when that is set); older finished instances are dropped
 * with their element instances, tasks, incidents and variables. It is saved in each snapshot with
 * the log position it reflects and restored from it, then follows the log from there.
 */
final class Projection {
  final Map<Long, Map<String, Object>> processInstances = new ConcurrentHashMap<>();
  final Map<Long, Map<String, Object>> elementInstances = new ConcurrentHashMap<>();
  final Map<Long, Map<String, Object>> userTasks = new ConcurrentHashMap<>();
  final Map<Long, Map<String, Object>> incidents = new ConcurrentHashMap<>();
  final Map<Long, Map<String, Object>> variables = new ConcurrentHashMap<>();
  private final ModelNames names = new ModelNames();

  /** The rows of each process instance, by kind, so a finished one can be dropped whole. */
  private final Map<Long, Rows> byInstance = new ConcurrentHashMap<>();
  /** Finished process instances, oldest first: key → end time (engine clock, epoch millis). */
  private final LinkedHashMap<Long, Long> finished = new LinkedHashMap<>();

  private final int historyInstances;
  private final long historyMillis;
  private volatile long position = -1;
  private long dropped;

  private static final class Rows {
    final Set<Long> elements = ConcurrentHashMap.newKeySet();
    final Set<Long> tasks = ConcurrentHashMap.newKeySet();
    final Set<Long> incidents = ConcurrentHashMap.newKeySet();
    final Set<Long> variables = ConcurrentHashMap.newKeySet();
  }

  Projection(final int historyInstances, final long historyMillis) {
    this.historyInstances = historyInstances;
    this.historyMillis = historyMillis;
  }

  /** A deployed process definition (GET /v2/process-definitions/{key}), or null. */
  Map<String, Object> processDefinition(final long processDefinitionKey) {
    return names.definition(processDefinitionKey);
  }

  /** The log position of the last record applied. */
  long position() {
    return position;
  }

  synchronized void apply(
      final long recordPosition,
      final RecordType type,
      final Intent intent,
      final long key,
      final Object value,
      final long timestamp) {
    if (recordPosition <= position) {
      return;
    }
    position = recordPosition;
    if (type != RecordType.EVENT || value == null) {
      return;
    }
    final String at = Instant.ofEpochMilli(timestamp).toString();
    if (value instanceof ProcessInstanceRecord pi) {
      applyProcessInstance((ProcessInstanceIntent) intent, key, pi, at, timestamp);
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

  /** Advances the position for a record the projection does not read. */
  synchronized void skip(final long recordPosition) {
    if (recordPosition > position) {
      position = recordPosition;
    }
  }

  private Rows rows(final long processInstanceKey) {
    return byInstance.computeIfAbsent(processInstanceKey, k -> new Rows());
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
    rows(v.getProcessInstanceKey()).variables.add(key);
  }

  private void applyProcessInstance(
      final ProcessInstanceIntent intent,
      final long key,
      final ProcessInstanceRecord pi,
      final String at,
      final long timestamp) {
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
          rows(pi.getProcessInstanceKey()).elements.add(key);
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
      case ELEMENT_COMPLETED -> end(target, key, "COMPLETED", at, isProcess, timestamp);
      case ELEMENT_TERMINATED -> end(target, key, "TERMINATED", at, isProcess, timestamp);
      default -> {}
    }
  }

  private void end(
      final Map<Long, Map<String, Object>> target,
      final long key,
      final String state,
      final String at,
      final boolean isProcess,
      final long timestamp) {
    final Map<String, Object> row = target.get(key);
    if (row != null) {
      row.put("state", state);
      row.put("endDate", at);
    }
    if (isProcess) {
      finished.put(key, timestamp);
      trim(timestamp);
    }
  }

  /** Drops the oldest finished instances beyond the history bounds. */
  private void trim(final long now) {
    final var it = finished.entrySet().iterator();
    while (it.hasNext()) {
      final Map.Entry<Long, Long> oldest = it.next();
      final boolean tooMany = finished.size() > historyInstances;
      final boolean tooOld = historyMillis > 0 && oldest.getValue() < now - historyMillis;
      if (!tooMany && !tooOld) {
        return;
      }
      it.remove();
      drop(oldest.getKey());
    }
  }

  private void drop(final long processInstanceKey) {
    processInstances.remove(processInstanceKey);
    final Rows r = byInstance.remove(processInstanceKey);
    if (r != null) {
      r.elements.forEach(elementInstances::remove);
      r.tasks.forEach(userTasks::remove);
      r.incidents.forEach(incidents::remove);
      r.variables.forEach(variables::remove);
    }
    dropped++;
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
        rows(task.getProcessInstanceKey()).tasks.add(key);
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
      rows(incident.getProcessInstanceKey()).incidents.add(key);
      flagIncident(incident.getProcessInstanceKey(), true);
    } else if (intent == IncidentIntent.RESOLVED) {
      final Map<String, Object> row = incidents.get(key);
      if (row != null) {
        row.put("state", "RESOLVED");
      }
      final long pik = incident.getProcessInstanceKey();
      final Rows r = byInstance.get(pik);
      boolean stillOpen = false;
      if (r != null) {
        for (final Long k : r.incidents) {
          final Map<String, Object> i = incidents.get(k);
          if (i != null && "ACTIVE".equals(i.get("state"))) {
            stillOpen = true;
          }
        }
      }
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

  /**
   * The rows a search over this table needs to look at: those of one process instance when the
   * filter names one (the searches the product makes), else all.
   */
  List<Map<String, Object>> candidates(
      final Map<Long, Map<String, Object>> table, final String processInstanceKey) {
    if (processInstanceKey == null) {
      return snapshot(table);
    }
    final long pik;
    try {
      pik = Long.parseLong(processInstanceKey);
    } catch (final NumberFormatException e) {
      return List.of();
    }
    if (table == processInstances) {
      final Map<String, Object> row = processInstances.get(pik);
      return row == null ? List.of() : List.of(new LinkedHashMap<>(row));
    }
    final Rows r = byInstance.get(pik);
    if (r == null) {
      return List.of();
    }
    final Set<Long> keys =
        table == elementInstances ? r.elements
            : table == userTasks ? r.tasks
            : table == incidents ? r.incidents
            : table == variables ? r.variables
            : null;
    if (keys == null) {
      return snapshot(table);
    }
    final List<Map<String, Object>> out = new ArrayList<>();
    for (final Long k : keys) {
      final Map<String, Object> row = table.get(k);
      if (row != null) {
        out.add(new LinkedHashMap<>(row));
      }
    }
    return out;
  }

  static List<Map<String, Object>> snapshot(final Map<Long, Map<String, Object>> rows) {
    final List<Map<String, Object>> out = new ArrayList<>();
    rows.values().forEach(r -> out.add(new LinkedHashMap<>(r)));
    return out;
  }

  /** Figures for the engine's status. */
  synchronized Map<String, Object> figures() {
    final Map<String, Object> out = new LinkedHashMap<>();
    out.put("position", position);
    out.put("processInstances", processInstances.size());
    out.put("finishedKept", finished.size());
    out.put("finishedDropped", dropped);
    out.put("elementInstances", elementInstances.size());
    out.put("userTasks", userTasks.size());
    out.put("incidents", incidents.size());
    out.put("variables", variables.size());
    out.put("historyInstances", historyInstances);
    out.put("historyDays", historyMillis / 86_400_000.0);
    return out;
  }

  // ---------------------------------------------------------------- snapshot

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The whole read model as JSON, with the position it reflects (taken under its lock). */
  synchronized Saved save() throws IOException {
    final Map<String, Object> out = new LinkedHashMap<>();
    out.put("processInstances", processInstances.values());
    out.put("elementInstances", elementInstances.values());
    out.put("userTasks", userTasks.values());
    out.put("incidents", incidents.values());
    out.put("variables", variables.values());
    final List<long[]> done = new ArrayList<>();
    finished.forEach((k, v) -> done.add(new long[] {k, v}));
    out.put("finished", done);
    out.put("modelNames", names.save());
    return new Saved(position, JSON.writeValueAsBytes(out));
  }

  record Saved(long position, byte[] json) {}

  /** Replaces the contents with a saved read model (before the log is followed). */
  synchronized void restore(final long savedPosition, final byte[] json) throws IOException {
    final Map<String, Object> in = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    load(castRows(in.get("processInstances")), processInstances, "processInstanceKey", null);
    load(castRows(in.get("elementInstances")), elementInstances, "elementInstanceKey", r -> r.elements);
    load(castRows(in.get("userTasks")), userTasks, "userTaskKey", r -> r.tasks);
    load(castRows(in.get("incidents")), incidents, "incidentKey", r -> r.incidents);
    load(castRows(in.get("variables")), variables, "variableKey", r -> r.variables);
    finished.clear();
    @SuppressWarnings("unchecked")
    final List<List<Number>> done = (List<List<Number>>) in.getOrDefault("finished", List.of());
    for (final List<Number> pair : done) {
      finished.put(pair.get(0).longValue(), pair.get(1).longValue());
    }
    names.restore(in.get("modelNames"));
    position = savedPosition;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> castRows(final Object value) {
    return (List<Map<String, Object>>) value;
  }

  private void load(
      final List<Map<String, Object>> rows,
      final Map<Long, Map<String, Object>> table,
      final String keyField,
      final java.util.function.Function<Rows, Set<Long>> index) {
    table.clear();
    if (rows == null) {
      return;
    }
    for (final Map<String, Object> row : rows) {
      final long key = Long.parseLong(String.valueOf(row.get(keyField)));
      table.put(key, new LinkedHashMap<>(row));
      if (index != null) {
        index.apply(rows(Long.parseLong(String.valueOf(row.get("processInstanceKey"))))).add(key);
      }
    }
  }
}
