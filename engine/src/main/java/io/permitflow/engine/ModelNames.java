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

  void add(final ProcessRecord process) {
    final long key = process.getProcessDefinitionKey();
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
      }
    } catch (final RuntimeException e) {
      elementNames.put(key, Map.of());
    }
  }

  String processName(final long processDefinitionKey, final String processId) {
    return processNames.getOrDefault(processDefinitionKey, processId);
  }

  String elementName(final long processDefinitionKey, final String elementId) {
    return elementNames.getOrDefault(processDefinitionKey, Map.of()).getOrDefault(elementId, elementId);
  }
}
