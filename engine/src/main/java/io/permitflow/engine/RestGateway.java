package io.permitflow.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camunda.zeebe.logstreams.log.LogAppendEntry;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.logstreams.log.WriteContext;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.impl.record.value.clock.ClockRecord;
import io.camunda.zeebe.protocol.impl.record.value.incident.IncidentRecord;
import io.camunda.zeebe.protocol.impl.record.value.usertask.UserTaskRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ClockIntent;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The subset of the Camunda 8 orchestration cluster REST API (v2) that PermitFlow calls, with the
 * same paths, bodies and status codes: topology, user task completion / assignment / update / get /
 * search, process instance get / search, element instance search, incident search and resolution,
 * and the controlled clock. Commands are written to the engine's log; the call answers when the
 * engine has processed them (or rejected them).
 */
final class RestGateway {
  private static final Pattern USER_TASK =
      Pattern.compile("^/v2/user-tasks/(\\d+)(/completion|/assignment|/assignee)?$");
  private static final Pattern PROCESS_DEFINITION = Pattern.compile("^/v2/process-definitions/(\\d+)$");
  private static final Pattern PROCESS_INSTANCE = Pattern.compile("^/v2/process-instances/(\\d+)$");
  private static final Pattern INCIDENT_RESOLUTION =
      Pattern.compile("^/v2/incidents/(\\d+)/resolution$");
  private static final long COMMAND_TIMEOUT_MS = 15_000;

  // Camunda 8.8 answers leave out a field that has no value (its schema has no nulls)
  private final ObjectMapper json =
      new ObjectMapper()
          .setDefaultPropertyInclusion(
              JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
  private final HttpServer server;
  private final LogStreamWriter writer;
  private final RecordTail tail;
  private final Projection projection;
  private final InstantSource clock;
  private final boolean clockControllable;
  private final String version;
  private final java.util.concurrent.Callable<Map<String, Object>> status;
  private final String boundHost;
  private final AccessCredentials access;

  RestGateway(
      final String host,
      final int port,
      final LogStreamWriter writer,
      final RecordTail tail,
      final Projection projection,
      final InstantSource clock,
      final boolean clockControllable,
      final String version,
      final java.util.concurrent.Callable<Map<String, Object>> status,
      final AccessCredentials access)
      throws IOException {
    this.status = status;
    this.access = access;
    this.boundHost = host;
    this.writer = writer;
    this.tail = tail;
    this.projection = projection;
    this.clock = clock;
    this.clockControllable = clockControllable;
    this.version = version;
    server = HttpServer.create(new InetSocketAddress(host, port), 128);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", this::handle);
  }

  void start() {
    server.start();
  }

  void stop() {
    server.stop(1);
  }

  private void handle(final HttpExchange ex) throws IOException {
    try {
      if (!addressedHere(ex)) {
        throw new ApiError(403, "FORBIDDEN", "The local engine answers only requests addressed to its own host.");
      }
      if (!access.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"permitflow-engine\"");
        throw new ApiError(401, "UNAUTHORIZED", "The local engine needs its credentials.");
      }
      if (hasBody(ex) && !isJson(ex.getRequestHeaders().getFirst("Content-Type"))) {
        throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "The local engine takes request bodies as application/json only.");
      }
      route(ex);
    } catch (final ApiError e) {
      problem(ex, e.status, e.title, e.getMessage());
    } catch (final Exception e) {
      problem(ex, 500, "INTERNAL_ERROR", String.valueOf(e.getMessage()));
    } finally {
      ex.close();
    }
  }

  /**
   * A request names this engine's host (loopback, or the address it is bound to), and a browser's
   * request comes from a page of such a host: a web page elsewhere cannot reach the engine through
   * the user's browser, by a rebound DNS name or by a cross-site form post.
   */
  private boolean addressedHere(final HttpExchange ex) {
    final String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null || !isOwnName(hostName(host))) {
      return false;
    }
    final String origin = ex.getRequestHeaders().getFirst("Origin");
    return origin == null || isOwnName(hostName(origin.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "")));
  }

  /** A request with a body: a declared length above 0, or a chunked one. */
  private static boolean hasBody(final HttpExchange ex) {
    final String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        return Long.parseLong(length.trim()) > 0;
      } catch (final NumberFormatException e) {
        return true;
      }
    }
    return ex.getRequestHeaders().containsKey("Transfer-Encoding");
  }

  private static boolean isJson(final String contentType) {
    if (contentType == null) {
      return false;
    }
    final String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json");
  }

  private boolean isOwnName(final String name) {
    final String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.equals("127.0.0.1") || n.equals("localhost") || n.equals("[::1]") || n.equals(boundHost.toLowerCase(java.util.Locale.ROOT));
  }

  /** host[:port] or [v6]:port → the host part */
  private static String hostName(final String authority) {
    final String a = authority.trim();
    if (a.startsWith("[")) {
      final int end = a.indexOf(']');
      return end < 0 ? a : a.substring(0, end + 1);
    }
    final int colon = a.indexOf(':');
    final int slash = a.indexOf('/');
    final String head = slash < 0 ? a : a.substring(0, slash);
    return colon < 0 || (slash >= 0 && colon > slash) ? head : a.substring(0, colon);
  }

  private void route(final HttpExchange ex) throws Exception {
    final String method = ex.getRequestMethod();
    final String path = ex.getRequestURI().getPath();
    if (path.equals("/v2/topology") && method.equals("GET")) {
      send(ex, 200, topology());
      return;
    }
    if (path.equals("/v2/status") && method.equals("GET")) {
      send(ex, 204, null);
      return;
    }
    if (path.equals("/permitflow/engine") && method.equals("GET")) {
      // not a Camunda endpoint: the local engine's log, snapshots, replay and memory figures
      // (?gc=1: after a full collection, so benchmarks compare the live heap)
      if ("gc=1".equals(ex.getRequestURI().getQuery())) {
        System.gc();
      }
      send(ex, 200, status.call());
      return;
    }
    if (path.equals("/v2/clock") && method.equals("PUT")) {
      requireClock();
      final JsonNode body = body(ex);
      if (!body.hasNonNull("timestamp")) {
        throw new ApiError(400, "INVALID_ARGUMENT", "No timestamp provided.");
      }
      clockCommand(ClockIntent.PIN, new ClockRecord().pinAt(body.get("timestamp").asLong()));
      send(ex, 204, null);
      return;
    }
    if (path.equals("/v2/clock/reset") && method.equals("POST")) {
      requireClock();
      clockCommand(ClockIntent.RESET, new ClockRecord());
      send(ex, 204, null);
      return;
    }
    if (path.equals("/v2/user-tasks/search") && method.equals("POST")) {
      send(ex, 200, search(projection.userTasks, body(ex), "creationDate"));
      return;
    }
    if (path.equals("/v2/process-instances/search") && method.equals("POST")) {
      send(ex, 200, search(projection.processInstances, body(ex), "startDate"));
      return;
    }
    if (path.equals("/v2/element-instances/search") && method.equals("POST")) {
      send(ex, 200, search(projection.elementInstances, body(ex), "startDate"));
      return;
    }
    if (path.equals("/v2/variables/search") && method.equals("POST")) {
      send(ex, 200, search(projection.variables, body(ex), "name"));
      return;
    }
    if (path.equals("/v2/incidents/search") && method.equals("POST")) {
      send(ex, 200, search(projection.incidents, body(ex), "creationTime"));
      return;
    }
    Matcher m = PROCESS_DEFINITION.matcher(path);
    if (m.matches() && method.equals("GET")) {
      final Map<String, Object> definition = projection.processDefinition(Long.parseLong(m.group(1)));
      if (definition == null) {
        throw new ApiError(404, "NOT_FOUND", "Process definition with key '" + m.group(1) + "' not found");
      }
      send(ex, 200, definition);
      return;
    }
    m = PROCESS_INSTANCE.matcher(path);
    if (m.matches() && method.equals("GET")) {
      send(ex, 200, found(projection.processInstances, m.group(1), "process instance"));
      return;
    }
    m = INCIDENT_RESOLUTION.matcher(path);
    if (m.matches() && method.equals("POST")) {
      resolveIncident(Long.parseLong(m.group(1)));
      send(ex, 204, null);
      return;
    }
    m = USER_TASK.matcher(path);
    if (m.matches()) {
      final long key = Long.parseLong(m.group(1));
      final String action = m.group(2);
      if (action == null && method.equals("GET")) {
        send(ex, 200, found(projection.userTasks, m.group(1), "user task"));
        return;
      }
      if (action == null && method.equals("PATCH")) {
        update(key, body(ex));
        send(ex, 204, null);
        return;
      }
      if ("/completion".equals(action) && method.equals("POST")) {
        complete(key, body(ex));
        send(ex, 204, null);
        return;
      }
      if ("/assignment".equals(action) && method.equals("POST")) {
        assign(key, body(ex));
        send(ex, 204, null);
        return;
      }
      if ("/assignee".equals(action) && method.equals("DELETE")) {
        final UserTaskRecord record = new UserTaskRecord().setUserTaskKey(key);
        record.setAssignee("").setAction(actionOr(body(ex), "unassign"));
        userTaskCommand(key, UserTaskIntent.ASSIGN, record, Set.of("ASSIGNED"));
        send(ex, 204, null);
        return;
      }
    }
    throw new ApiError(404, "NOT_FOUND", "No endpoint " + method + " " + path);
  }

  private void requireClock() {
    if (!clockControllable) {
      throw new ApiError(
          403, "FORBIDDEN", "The clock is not controllable (set zeebe.clock.controlled=true).");
    }
  }

  private Map<String, Object> topology() {
    final Map<String, Object> partition = new LinkedHashMap<>();
    partition.put("partitionId", 1);
    partition.put("role", "leader");
    partition.put("health", "healthy");
    final Map<String, Object> broker = new LinkedHashMap<>();
    broker.put("nodeId", 0);
    broker.put("host", "127.0.0.1");
    broker.put("port", 26501);
    broker.put("partitions", List.of(partition));
    broker.put("version", version);
    final Map<String, Object> out = new LinkedHashMap<>();
    out.put("brokers", List.of(broker));
    out.put("clusterSize", 1);
    out.put("partitionsCount", 1);
    out.put("replicationFactor", 1);
    out.put("gatewayVersion", version);
    out.put("lastCompletedChangeId", "-1");
    out.put("clock", Instant.ofEpochMilli(clock.millis()).toString());
    return out;
  }

  private void complete(final long key, final JsonNode body) throws Exception {
    final UserTaskRecord record = new UserTaskRecord().setUserTaskKey(key);
    if (body.hasNonNull("variables")) {
      record.setVariables(
          new UnsafeBuffer(MsgPackConverter.convertToMsgPack(body.get("variables").toString())));
    }
    record.setAction(actionOr(body, "complete"));
    userTaskCommand(key, UserTaskIntent.COMPLETE, record, Set.of("COMPLETED"));
  }

  private void assign(final long key, final JsonNode body) throws Exception {
    if (!body.hasNonNull("assignee") || body.get("assignee").asText().isBlank()) {
      throw new ApiError(400, "INVALID_ARGUMENT", "No assignee provided.");
    }
    final boolean override = !body.has("allowOverride") || body.get("allowOverride").asBoolean();
    final UserTaskRecord record = new UserTaskRecord().setUserTaskKey(key);
    record.setAssignee(body.get("assignee").asText());
    record.setAction(actionOr(body, override ? "assign" : "claim"));
    userTaskCommand(
        key, override ? UserTaskIntent.ASSIGN : UserTaskIntent.CLAIM, record, Set.of("ASSIGNED"));
  }

  private void update(final long key, final JsonNode body) throws Exception {
    final JsonNode changes = body.path("changeset");
    final UserTaskRecord record = new UserTaskRecord().setUserTaskKey(key);
    if (changes.has("dueDate")) {
      record.setDueDate(changes.path("dueDate").asText("")).setDueDateChanged();
    }
    if (changes.has("followUpDate")) {
      record.setFollowUpDate(changes.path("followUpDate").asText("")).setFollowUpDateChanged();
    }
    if (changes.has("candidateGroups")) {
      record.setCandidateGroupsList(strings(changes.get("candidateGroups")))
          .setCandidateGroupsChanged();
    }
    if (changes.has("candidateUsers")) {
      record.setCandidateUsersList(strings(changes.get("candidateUsers")))
          .setCandidateUsersChanged();
    }
    if (changes.has("priority")) {
      record.setPriority(changes.get("priority").asInt()).setPriorityChanged();
    }
    record.setAction(actionOr(body, "update"));
    userTaskCommand(key, UserTaskIntent.UPDATE, record, Set.of("UPDATED"));
  }

  /**
   * Pins or resets the engine clock the way the Camunda gateway does: a CLOCK command on the log,
   * processed by the engine's ClockProcessor (so it is replayed after a restart, and the stream
   * processor's due-date checkers see the new time on their next check). Answers once the engine
   * wrote PINNED / RESETTED, i.e. the clock has changed.
   */
  private void clockCommand(final ClockIntent intent, final ClockRecord record) throws Exception {
    final RecordTail.Waiter waiter = tail.expect();
    final long position = write(-1, ValueType.CLOCK, intent, record);
    waiter.arm(s -> s.sourcePosition() == position);
    outcome(tail.await(waiter, COMMAND_TIMEOUT_MS), "clock " + intent.name());
  }

  private void resolveIncident(final long key) throws Exception {
    final IncidentRecord record = new IncidentRecord();
    final RecordTail.Waiter waiter = tail.expect();
    final long position = write(key, ValueType.INCIDENT, IncidentIntent.RESOLVE, record);
    waiter.arm(
        s -> s.sourcePosition() == position
            && (s.type() == RecordType.COMMAND_REJECTION || s.key() == key));
    outcome(tail.await(waiter, COMMAND_TIMEOUT_MS), "incident " + key);
  }

  /**
   * Writes a user task command and waits for its end: the final event for this task (after any
   * task listeners ran), a denial by a listener, or the engine's rejection of the command.
   */
  private void userTaskCommand(
      final long key, final Intent intent, final UserTaskRecord record, final Set<String> done)
      throws Exception {
    final RecordTail.Waiter waiter = tail.expect();
    final long position = write(key, ValueType.USER_TASK, intent, record);
    waiter.arm(
        s -> (s.sourcePosition() == position && s.type() == RecordType.COMMAND_REJECTION)
            || (s.position() > position
                && s.key() == key
                && s.type() == RecordType.EVENT
                && (done.contains(s.intent()) || s.intent().endsWith("_DENIED"))));
    outcome(tail.await(waiter, COMMAND_TIMEOUT_MS), "user task " + key);
  }

  private static void outcome(final RecordTail.Seen seen, final String what) {
    if (seen == null) {
      throw new ApiError(504, "DEADLINE_EXCEEDED", "The engine did not answer for " + what);
    }
    if (seen.type() == RecordType.COMMAND_REJECTION) {
      final int status =
          switch (seen.rejectionType()) {
            case "NOT_FOUND" -> 404;
            case "INVALID_STATE", "ALREADY_EXISTS" -> 409;
            case "UNAUTHORIZED", "FORBIDDEN" -> 403;
            default -> 400;
          };
      throw new ApiError(status, seen.rejectionType(), seen.rejectionReason());
    }
    if (seen.intent().endsWith("_DENIED")) {
      throw new ApiError(409, "INVALID_STATE", "A task listener denied the " + what + " command.");
    }
  }

  private long write(
      final long key, final ValueType valueType, final Intent intent, final UnifiedRecordValue value)
      throws InterruptedException {
    final RecordMetadata metadata =
        new RecordMetadata().recordType(RecordType.COMMAND).valueType(valueType).intent(intent);
    for (int attempt = 0; attempt < 200; attempt++) {
      final var result =
          writer.tryWrite(WriteContext.userCommand(intent), LogAppendEntry.of(key, metadata, value));
      if (result.isRight()) {
        tail.wake();
        return result.get();
      }
      Thread.sleep(5);
    }
    throw new ApiError(503, "RESOURCE_EXHAUSTED", "The engine log did not accept the command.");
  }

  private Map<String, Object> found(
      final Map<Long, Map<String, Object>> rows, final String key, final String what) {
    final Map<String, Object> row = rows.get(Long.parseLong(key));
    if (row == null) {
      throw new ApiError(404, "NOT_FOUND", "No " + what + " with key " + key);
    }
    return new LinkedHashMap<>(row);
  }

  /**
   * Search with equality filters on any top-level field (a list field matches when it contains the
   * value), sorted by one field, paged with from/limit.
   */
  private Map<String, Object> search(
      final Map<Long, Map<String, Object>> rows, final JsonNode body, final String defaultSort) {
    final JsonNode filter = body.path("filter");
    final List<Map<String, Object>> items = new ArrayList<>();
    final JsonNode instance = filter.path("processInstanceKey");
    final String processInstanceKey = instance.isValueNode() ? instance.asText() : null;
    for (final Map<String, Object> row : projection.candidates(rows, processInstanceKey)) {
      if (matches(row, filter)) {
        items.add(row);
      }
    }
    final JsonNode sort = body.path("sort").path(0);
    final String field = sort.path("field").asText(defaultSort);
    Comparator<Map<String, Object>> order =
        Comparator.comparing(r -> String.valueOf(r.getOrDefault(field, "")));
    if ("DESC".equalsIgnoreCase(sort.path("order").asText("ASC"))) {
      order = order.reversed();
    }
    items.sort(order);
    final int from = body.path("page").path("from").asInt(0);
    final int limit = body.path("page").path("limit").asInt(100);
    final Map<String, Object> page = new LinkedHashMap<>();
    page.put("totalItems", items.size());
    final Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items.subList(Math.min(from, items.size()), Math.min(from + limit, items.size())));
    out.put("page", page);
    return out;
  }

  /**
   * The 8.8 API's advanced filter operators on one field: $eq, $neq, $exists, $in, $notIn, and
   * $gt, $gte, $lt, $lte (dates compare as ISO-8601 text, numbers as numbers).
   */
  private static boolean matchesAdvanced(final Object actual, final JsonNode ops) {
    final var it = ops.fields();
    while (it.hasNext()) {
      final var op = it.next();
      final JsonNode v = op.getValue();
      final String text = actual == null ? null : String.valueOf(actual);
      final boolean ok =
          switch (op.getKey()) {
            case "$eq" -> text != null && text.equals(v.asText());
            case "$neq" -> text == null || !text.equals(v.asText());
            case "$exists" -> (actual != null) == v.asBoolean();
            case "$in" -> text != null && strings(v).contains(text);
            case "$notIn" -> text == null || !strings(v).contains(text);
            case "$gt" -> text != null && compare(actual, v) > 0;
            case "$gte" -> text != null && compare(actual, v) >= 0;
            case "$lt" -> text != null && compare(actual, v) < 0;
            case "$lte" -> text != null && compare(actual, v) <= 0;
            default -> throw new ApiError(400, "INVALID_ARGUMENT", "Unsupported filter operator " + op.getKey());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int compare(final Object actual, final JsonNode wanted) {
    if (actual instanceof Number n && wanted.isNumber()) {
      return Double.compare(n.doubleValue(), wanted.asDouble());
    }
    // dates (ISO-8601, any offset) compare as instants; anything else as text
    try {
      return java.time.OffsetDateTime.parse(String.valueOf(actual)).toInstant()
          .compareTo(java.time.OffsetDateTime.parse(wanted.asText()).toInstant());
    } catch (final java.time.format.DateTimeParseException e) {
      return String.valueOf(actual).compareTo(wanted.asText());
    }
  }

  private static boolean matches(final Map<String, Object> row, final JsonNode filter) {
    final var fields = filter.fields();
    while (fields.hasNext()) {
      final var entry = fields.next();
      String name = entry.getKey();
      if (name.equals("candidateGroup")) {
        name = "candidateGroups";
      } else if (name.equals("candidateUser")) {
        name = "candidateUsers";
      }
      final Object actual = row.get(name);
      if (entry.getValue().isObject()) {
        if (!matchesAdvanced(actual, entry.getValue())) {
          return false;
        }
        continue;
      }
      final String wanted = entry.getValue().asText();
      if (actual instanceof List<?> list) {
        if (!list.contains(wanted)) {
          return false;
        }
      } else if (actual == null || !String.valueOf(actual).equals(wanted)) {
        return false;
      }
    }
    return true;
  }

  private JsonNode body(final HttpExchange ex) throws IOException {
    final byte[] bytes = ex.getRequestBody().readAllBytes();
    if (bytes.length == 0) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(bytes);
    } catch (final IOException e) {
      throw new ApiError(400, "INVALID_ARGUMENT", "The request body is not valid JSON.");
    }
  }

  private static String actionOr(final JsonNode body, final String fallback) {
    return body.hasNonNull("action") ? body.get("action").asText() : fallback;
  }

  private static List<String> strings(final JsonNode node) {
    final List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private void send(final HttpExchange ex, final int status, final Object body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    final byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void problem(final HttpExchange ex, final int status, final String title, final String detail)
      throws IOException {
    final ObjectNode body = json.createObjectNode();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ex.getRequestURI().getPath());
    final byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/problem+json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static final class ApiError extends RuntimeException {
    final int status;
    final String title;

    ApiError(final int status, final String title, final String detail) {
      super(detail);
      this.status = status;
      this.title = title;
    }
  }
}
