package io.permitflow.engine;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Zeebe log storage kept in one append-only file. Each block is written as
 * [int length][long lowestPosition][long highestPosition][bytes] and forced to disk before the
 * append is acknowledged. At start every complete block is read back, so the stream processor
 * replays the whole history and the engine state survives a restart. A torn last block (a crash in
 * the middle of a write) is cut off.
 */
final class FileLogStorage implements LogStorage, AutoCloseable {
  private static final int HEADER = Integer.BYTES + 2 * Long.BYTES;

  private final FileChannel channel;
  private final List<byte[]> blocks = new ArrayList<>();
  private final ConcurrentSkipListMap<Long, Integer> indexByLowestPosition =
      new ConcurrentSkipListMap<>();
  private final CopyOnWriteArraySet<CommitListener> commitListeners = new CopyOnWriteArraySet<>();
  private final boolean fsync;

  FileLogStorage(final Path file, final boolean fsync) throws IOException {
    this.fsync = fsync;
    Files.createDirectories(file.getParent());
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    load();
  }

  private void load() throws IOException {
    final long size = channel.size();
    long offset = 0;
    final ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (offset + HEADER <= size) {
      header.clear();
      channel.read(header, offset);
      header.flip();
      final int length = header.getInt();
      final long lowest = header.getLong();
      header.getLong();
      if (length <= 0 || offset + HEADER + length > size) {
        break;
      }
      final ByteBuffer body = ByteBuffer.allocate(length);
      channel.read(body, offset + HEADER);
      indexByLowestPosition.put(lowest, blocks.size());
      blocks.add(body.array());
      offset += HEADER + length;
    }
    if (offset != size) {
      channel.truncate(offset);
    }
    channel.position(offset);
  }

  int blockCount() {
    synchronized (blocks) {
      return blocks.size();
    }
  }

  @Override
  public LogStorageReader newReader() {
    return new Reader();
  }

  @Override
  public void append(
      final long lowestPosition,
      final long highestPosition,
      final BufferWriter writer,
      final AppendListener listener) {
    final byte[] bytes = new byte[writer.getLength()];
    writer.write(new UnsafeBuffer(bytes), 0);
    append(lowestPosition, highestPosition, bytes, listener);
  }

  @Override
  public void append(
      final long lowestPosition,
      final long highestPosition,
      final ByteBuffer buffer,
      final AppendListener listener) {
    final byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    append(lowestPosition, highestPosition, bytes, listener);
  }

  private void append(
      final long lowest, final long highest, final byte[] bytes, final AppendListener listener) {
    final int index;
    try {
      synchronized (blocks) {
        final ByteBuffer out = ByteBuffer.allocate(HEADER + bytes.length);
        out.putInt(bytes.length).putLong(lowest).putLong(highest).put(bytes).flip();
        while (out.hasRemaining()) {
          channel.write(out);
        }
        if (fsync) {
          channel.force(false);
        }
        index = blocks.size();
        blocks.add(bytes);
        indexByLowestPosition.put(lowest, index);
      }
    } catch (final IOException e) {
      throw new java.io.UncheckedIOException("could not append to the engine log", e);
    }
    listener.onWrite(index + 1, highest);
    listener.onCommit(index + 1, highest);
    commitListeners.forEach(CommitListener::onCommit);
  }

  @Override
  public void addCommitListener(final CommitListener listener) {
    commitListeners.add(listener);
  }

  @Override
  public void removeCommitListener(final CommitListener listener) {
    commitListeners.remove(listener);
  }

  @Override
  public void close() throws IOException {
    synchronized (blocks) {
      channel.force(true);
      channel.close();
    }
  }

  private final class Reader implements LogStorageReader {
    private int next;

    @Override
    public void seek(final long position) {
      final Map.Entry<Long, Integer> entry = indexByLowestPosition.floorEntry(position);
      next = entry == null ? 0 : entry.getValue();
    }

    @Override
    public boolean hasNext() {
      synchronized (blocks) {
        return next < blocks.size();
      }
    }

    @Override
    public DirectBuffer next() {
      synchronized (blocks) {
        if (next >= blocks.size()) {
          throw new NoSuchElementException();
        }
        return new UnsafeBuffer(blocks.get(next++));
      }
    }

    @Override
    public void close() {}
  }
}
