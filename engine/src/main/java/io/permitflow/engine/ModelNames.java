package io.permitflow.engine;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.protocol.impl.record.value.deployment.ProcessRecord;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names the Camunda 8.8 search answers carry (processDefinitionName, elementName), read from
 * each deployed process definition. As on a Camunda cluster, an unnamed process or element
 * answers with its id.
 */
final class ModelNames {
  private final Map<Long, String> processNames = new ConcurrentHashMap<>();
  private final Map<Long, Map<String, String>> elementNames = new ConcurrentHashMap<>();
  /** Every deployed process definition, by key, in the 8.8 API's ProcessDefinitionResult shape. */
  private final Map<Long, Map<String, Object>> definitions = new ConcurrentHashMap<>();

  void add(final ProcessRecord process) {
    final long key = process.getProcessDefinitionKey();
    final Map<String, Object> definition = new java.util.LinkedHashMap<>();
    definition.put("processDefinitionKey", String.valueOf(key));
    definition.put("processDefinitionId", process.getBpmnProcessId());
    definition.put("name", process.getBpmnProcessId());
    definition.put("resourceName", process.getResourceName());
    definition.put("version", process.getVersion());
    definition.put("tenantId", process.getTenantId());
    definition.put("hasStartForm", false);
    definitions.put(key, definition);
    try {
      final BpmnModelInstance model =
          Bpmn.readModelFromStream(new ByteArrayInputStream(process.getResource()));
      final Map<String, String> names = new HashMap<>();
      for (final FlowElement element : model.getModelElementsByType(FlowElement.class)) {
        if (element.getName() != null && !element.getName().isBlank()) {
          names.put(element.getId(), element.getName());
        }
      }
      elementNames.put(key, names);
      final Process p = model.getModelElementById(process.getBpmnProcessId());
      if (p != null && p.getName() != null && !p.getName().isBlank()) {
        processNames.put(key, p.getName());
        definition.put("name", p.getName());
      }
    } catch (final RuntimeException e) {
      elementNames.put(key, Map.of());
    }
  }

  /** For the snapshot: the deployments that named them may be compacted out of the log. */
  Map<String, Object> save() {
    return Map.of(
        "processNames", Map.copyOf(processNames),
        "elementNames", Map.copyOf(elementNames),
        "definitions", Map.copyOf(definitions));
  }

  @SuppressWarnings("unchecked")
  void restore(final Object saved) {
    processNames.clear();
    elementNames.clear();
    definitions.clear();
    if (!(saved instanceof Map<?, ?>)) {
      return;
    }
    final Map<String, Object> in = (Map<String, Object>) saved;
    final Object p = in.get("processNames");
    final Object e = in.get("elementNames");
    if (p instanceof Map<?, ?>) {
      ((Map<String, String>) p).forEach((k, v) -> processNames.put(Long.parseLong(k), v));
    }
    if (e instanceof Map<?, ?>) {
      ((Map<String, Map<String, String>>) e)
          .forEach((k, v) -> elementNames.put(Long.parseLong(k), new HashMap<>(v)));
    }
    // a snapshot from before definitions were kept has none: the product then deploys again
    final Object d = in.get("definitions");
    if (d instanceof Map<?, ?>) {
      ((Map<String, Map<String, Object>>) d)
          .forEach((k, v) -> definitions.put(Long.parseLong(k), new java.util.LinkedHashMap<>(v)));
    }
  }

  /** A deployed process definition, or null. */
  Map<String, Object> definition(final long processDefinitionKey) {
    return definitions.get(processDefinitionKey);
  }

  String processName(final long processDefinitionKey, final String processId) {
    return processNames.getOrDefault(processDefinitionKey, processId);
  }

  String elementName(final long processDefinitionKey, final String elementId) {
    return elementNames.getOrDefault(processDefinitionKey, Map.of()).getOrDefault(elementId, elementId);
  }
}
