package io.camunda.zeebe.process.test.engine.db;

import io.camunda.zeebe.db.ColumnFamily;
import io.camunda.zeebe.db.DbKey;
import io.camunda.zeebe.db.DbValue;
import io.camunda.zeebe.db.KeyValuePairVisitor;
import io.camunda.zeebe.db.TransactionContext;
import io.camunda.zeebe.db.ZeebeDbInconsistentException;
import io.camunda.zeebe.protocol.ColumnFamilyScope;
import io.camunda.zeebe.protocol.EnumValue;
import io.camunda.zeebe.protocol.ScopedColumnFamily;
import io.camunda.zeebe.util.buffer.BufferUtil;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.agrona.DirectBuffer;

/**
 * One column family of the engine state, in place of zeebe-process-test's class of the same name
 * (this engine's classes come first on the class path), with the same keys, values and errors.
 *
 * <p>Iterating a prefix reads only that prefix's entries, a few at a time, and stops where the
 * prefix ends. zeebe-process-test's copied the whole state for each iteration and then walked to its
 * end, so every command slowed down with the number of waiting cases. The first {@link #FIRST_READ}
 * entries are read at once (most iterations look for one entry, or a few); the rest of the prefix
 * is read in one go when the visitor asks for more, so a visitor that writes into the range it
 * walks sees the range as it was when that read was made.
 */
final class InMemoryDbColumnFamily<
        ColumnFamilyNames extends Enum<? extends EnumValue> & EnumValue & ScopedColumnFamily,
        KeyType extends DbKey,
        ValueType extends DbValue>
    implements ColumnFamily<KeyType, ValueType> {
  static final int FIRST_READ = 16;

  private final ColumnFamilyNames columnFamily;
  private final TransactionContext context;
  private final KeyType keyInstance;
  private final ValueType valueInstance;
  private final InMemoryDbColumnFamilyIterationContext iteration;

  InMemoryDbColumnFamily(
      final ColumnFamilyNames columnFamily,
      final TransactionContext context,
      final KeyType keyInstance,
      final ValueType valueInstance) {
    this.columnFamily = columnFamily;
    this.context = context;
    this.keyInstance = keyInstance;
    this.valueInstance = valueInstance;
    iteration = new InMemoryDbColumnFamilyIterationContext(columnFamily.ordinal());
  }

  private interface StateOperation {
    void run(InMemoryDbTransaction state) throws Exception;
  }

  private void inTransaction(final StateOperation operation) {
    context.runInTransaction(() -> operation.run((InMemoryDbTransaction) context.getCurrentTransaction()));
  }

  private FullyQualifiedKey qualified(final DbKey key) {
    return new FullyQualifiedKey(columnFamily, key);
  }

  @Override
  public void insert(final KeyType key, final ValueType value) {
    inTransaction(
        state -> {
          final FullyQualifiedKey k = qualified(key);
          if (state.contains(k)) {
            throw new ZeebeDbInconsistentException("Key " + keyInstance + " in ColumnFamily " + columnFamily + " already exists");
          }
          state.put(k, value);
        });
  }

  @Override
  public void update(final KeyType key, final ValueType value) {
    inTransaction(
        state -> {
          final FullyQualifiedKey k = qualified(key);
          if (!state.contains(k)) {
            throw new ZeebeDbInconsistentException("Key " + keyInstance + " in ColumnFamily " + columnFamily + " does not exist");
          }
          state.put(k, value);
        });
  }

  @Override
  public void upsert(final KeyType key, final ValueType value) {
    inTransaction(state -> state.put(qualified(key), value));
  }

  @Override
  public ValueType get(final KeyType key) {
    final DirectBuffer found = read(key);
    if (found == null) {
      return null;
    }
    valueInstance.wrap(found, 0, found.capacity());
    return valueInstance;
  }

  @Override
  public ValueType get(final KeyType key, final Supplier<ValueType> valueSupplier) {
    final DirectBuffer found = read(key);
    if (found == null) {
      return null;
    }
    final ValueType value = valueSupplier.get();
    value.wrap(found, 0, found.capacity());
    return value;
  }

  private DirectBuffer read(final DbKey key) {
    final DirectBuffer[] found = new DirectBuffer[1];
    inTransaction(
        state -> {
          final byte[] bytes = state.get(qualified(key));
          found[0] = bytes == null ? null : BufferUtil.wrapArray(bytes);
        });
    return found[0];
  }

  @Override
  public void forEach(final Consumer<ValueType> consumer) {
    visit(DbNullKey.INSTANCE, DbNullKey.INSTANCE, (k, v) -> {
      consumer.accept(v);
      return true;
    });
  }

  @Override
  public void forEach(final BiConsumer<KeyType, ValueType> consumer) {
    visit(DbNullKey.INSTANCE, DbNullKey.INSTANCE, (k, v) -> {
      consumer.accept(k, v);
      return true;
    });
  }

  @Override
  public void whileTrue(final KeyType startAtKey, final KeyValuePairVisitor<KeyType, ValueType> visitor) {
    visit(startAtKey, DbNullKey.INSTANCE, visitor);
  }

  @Override
  public void whileTrue(final KeyValuePairVisitor<KeyType, ValueType> visitor) {
    visit(DbNullKey.INSTANCE, DbNullKey.INSTANCE, visitor);
  }

  @Override
  public void whileEqualPrefix(final DbKey keyPrefix, final BiConsumer<KeyType, ValueType> visitor) {
    visit(keyPrefix, keyPrefix, (k, v) -> {
      visitor.accept(k, v);
      return true;
    });
  }

  @Override
  public void whileEqualPrefix(final DbKey keyPrefix, final KeyValuePairVisitor<KeyType, ValueType> visitor) {
    visit(keyPrefix, keyPrefix, visitor);
  }

  @Override
  public void whileEqualPrefix(
      final DbKey keyPrefix, final KeyType startAtKey, final KeyValuePairVisitor<KeyType, ValueType> visitor) {
    visit(startAtKey, keyPrefix, visitor);
  }

  @Override
  public void deleteExisting(final KeyType key) {
    inTransaction(
        state -> {
          final FullyQualifiedKey k = qualified(key);
          if (!state.contains(k)) {
            throw new ZeebeDbInconsistentException("Key " + keyInstance + " in ColumnFamily " + columnFamily + " does not exist");
          }
          state.delete(k);
        });
  }

  @Override
  public void deleteIfExists(final KeyType key) {
    inTransaction(state -> state.delete(qualified(key)));
  }

  @Override
  public boolean exists(final KeyType key) {
    return read(key) != null;
  }

  @Override
  public boolean isEmpty() {
    final boolean[] empty = {true};
    visit(DbNullKey.INSTANCE, DbNullKey.INSTANCE, (k, v) -> {
      empty[0] = false;
      return false;
    });
    return empty[0];
  }

  @Override
  public long count() {
    return countWithPrefix(DbNullKey.INSTANCE);
  }

  @Override
  public long countEqualPrefix(final DbKey prefix) {
    return countWithPrefix(prefix);
  }

  @Override
  public ColumnFamilyScope partitionScope() {
    return columnFamily.partitionScope();
  }

  private long countWithPrefix(final DbKey prefix) {
    final long[] count = {0};
    iteration.withPrefixKey(
        prefix,
        prefixKey ->
            inTransaction(
                state -> count[0] = state.scan(seekKey(prefix), true, pastPrefix(prefixKey.toBytes()), Integer.MAX_VALUE).size()));
    return count[0];
  }

  private Bytes seekKey(final DbKey startAt) {
    final byte[] bytes = iteration.keyWithColumnFamily(startAt).array();
    return Bytes.fromByteArray(bytes, bytes.length);
  }

  /**
   * The end of a prefix's entries: the first key that neither starts with the prefix nor sorts before
   * it (a start key before the prefix skips the entries up to it, as the range visit does).
   */
  private static InMemoryDbTransaction.Stop pastPrefix(final byte[] prefix) {
    final Bytes prefixBytes = Bytes.fromByteArray(prefix, prefix.length);
    return key -> {
      final byte[] k = key.toBytes();
      return !BufferUtil.startsWith(prefix, 0, prefix.length, k, 0, k.length) && key.compareTo(prefixBytes) > 0;
    };
  }

  /**
   * Visits the entries with this prefix from {@code startAt} on (from the prefix's start when it is
   * null: the engine's checkers pass null on their first round), in key order, while the visitor
   * answers true.
   */
  private void visit(final DbKey startAtOrNull, final DbKey prefix, final KeyValuePairVisitor<KeyType, ValueType> visitor) {
    final DbKey startAt = startAtOrNull == null ? prefix : startAtOrNull;
    iteration.withPrefixKey(
        prefix,
        prefixKey ->
            inTransaction(
                state -> {
                  final byte[] prefixBytes = prefixKey.toBytes();
                  final InMemoryDbTransaction.Stop stop = pastPrefix(prefixBytes);
                  List<Map.Entry<Bytes, Bytes>> entries = state.scan(seekKey(startAt), true, stop, FIRST_READ);
                  boolean more = entries.size() == FIRST_READ;
                  for (;;) {
                    Bytes last = null;
                    for (final Map.Entry<Bytes, Bytes> entry : entries) {
                      last = entry.getKey();
                      final byte[] key = last.toBytes();
                      if (!BufferUtil.startsWith(prefixBytes, 0, prefixBytes.length, key, 0, key.length)) {
                        continue; // before the prefix (a start key below it)
                      }
                      final DirectBuffer keyView = FullyQualifiedKey.wrapKey(key);
                      keyInstance.wrap(keyView, 0, keyView.capacity());
                      final DirectBuffer valueView = BufferUtil.wrapArray(entry.getValue().toBytes());
                      valueInstance.wrap(valueView, 0, valueView.capacity());
                      if (!visitor.visit(keyInstance, valueInstance)) {
                        return;
                      }
                    }
                    if (!more || last == null) {
                      return;
                    }
                    entries = state.scan(last, false, stop, Integer.MAX_VALUE);
                    more = false;
                  }
                }));
  }
}
