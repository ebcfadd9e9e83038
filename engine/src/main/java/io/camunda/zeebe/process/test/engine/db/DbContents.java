package io.camunda.zeebe.process.test.engine.db;

import io.camunda.zeebe.db.ZeebeDb;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and fills the key/value map behind zeebe-process-test's in-memory database, for
 * snapshots. Lives in this package because {@code InMemoryDb} and {@code Bytes} are package-private.
 * Keys and values are immutable byte arrays once committed (every put stores a fresh copy), so a
 * copy of the references taken on the stream processor's thread is a consistent snapshot.
 */
public final class DbContents {
  private DbContents() {}

  /** The committed entries as [key, value] pairs, in key order. Call on the stream processor's thread. */
  public static List<byte[][]> copy(final ZeebeDb<?> db) {
    final TreeMap<Bytes, Bytes> map = map(db);
    final List<byte[][]> out = new ArrayList<>(map.size());
    for (final Map.Entry<Bytes, Bytes> e : map.entrySet()) {
      out.add(new byte[][] {e.getKey().toBytes(), e.getValue().toBytes()});
    }
    return out;
  }

  /** Replaces the database's contents (before the stream processor opens it). */
  public static void load(final ZeebeDb<?> db, final List<byte[][]> entries) {
    final TreeMap<Bytes, Bytes> map = map(db);
    map.clear();
    for (final byte[][] e : entries) {
      map.put(Bytes.fromByteArray(e[0]), Bytes.fromByteArray(e[1]));
    }
  }

  public static int size(final ZeebeDb<?> db) {
    return map(db).size();
  }

  @SuppressWarnings("unchecked")
  private static TreeMap<Bytes, Bytes> map(final ZeebeDb<?> db) {
    try {
      final Field field = InMemoryDb.class.getDeclaredField("database");
      field.setAccessible(true);
      return (TreeMap<Bytes, Bytes>) field.get(db);
    } catch (final ReflectiveOperationException e) {
      throw new IllegalStateException("the in-memory database of zeebe-process-test changed shape", e);
    }
  }
}
