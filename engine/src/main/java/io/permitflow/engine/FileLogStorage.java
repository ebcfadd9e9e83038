package io.permitflow.engine;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The partition's log on disk, split into segment files {@code segment-<first block index>.log}.
 * Each block is written as [int length][long lowestPosition][long highestPosition][int crc32c]
 * [bytes].
 *
 * <p>Group commit: an append writes its block to the active segment and returns; a flusher thread
 * forces every block written since its last force with one fsync, and only then makes the blocks
 * visible to readers and acknowledges them (append listeners, commit listeners). Appends that
 * arrive while an fsync is under way therefore share the next one. Because the stream processor
 * only reads acknowledged blocks, a command is durable before it is processed and answered.
 *
 * <p>At start every segment is read and checked; a torn or damaged block at the end of the last
 * segment (a crash during a write, never acknowledged) is cut off. Segments wholly before the
 * oldest kept snapshot are deleted by {@link #deleteSegmentsBefore(long)}. A log from before
 * segments ({@code partition-1.log}) is converted once.
 */
final class FileLogStorage implements LogStorage, AutoCloseable {
  private static final int HEADER = Integer.BYTES + 2 * Long.BYTES + Integer.BYTES;
  private static final int LEGACY_HEADER = Integer.BYTES + 2 * Long.BYTES;
  private static final String PREFIX = "segment-";
  private static final String SUFFIX = ".log";

  private final Path dir;
  private final Path legacy;
  private final boolean fsync;
  private final long segmentBytes;
  private final long groupCommitNanos;
  private final Object lock = new Object();
  private final List<Segment> segments = new ArrayList<>();
  private final CopyOnWriteArraySet<CommitListener> commitListeners = new CopyOnWriteArraySet<>();
  private List<Pending> pending = new ArrayList<>();
  private long nextIndex = 1;
  private long appendedPosition = -1;
  private volatile long committedIndex;
  private volatile long committedPosition = -1;
  private volatile long appendedBytes;
  private volatile long fsyncs;
  private volatile boolean closed;
  private final Thread flusher;
  private final String loadReport;

  FileLogStorage(
      final Path dir,
      final Path legacy,
      final boolean fsync,
      final long segmentBytes,
      final long groupCommitMicros)
      throws IOException {
    this.dir = dir;
    this.legacy = legacy;
    this.fsync = fsync;
    this.segmentBytes = segmentBytes;
    groupCommitNanos = groupCommitMicros * 1000;
    Files.createDirectories(dir);
    loadReport = load();
    committedIndex = nextIndex - 1;
    committedPosition = appendedPosition;
    flusher = new Thread(this::flushLoop, "engine-log-flusher");
    flusher.setDaemon(true);
    flusher.start();
  }

  // ---------------------------------------------------------------- loading

  private String load() throws IOException {
    final List<Path> files = segmentFiles();
    String converted = "";
    if (files.isEmpty() && Files.exists(legacy)) {
      converted = convertLegacy();
      files.addAll(segmentFiles());
    }
    String cut = "";
    for (int i = 0; i < files.size(); i++) {
      final Path file = files.get(i);
      final long first = Long.parseLong(name(file).substring(PREFIX.length(), name(file).length() - SUFFIX.length()));
      if (!segments.isEmpty() && first != nextIndex) {
        throw new IllegalStateException(
            "The engine log is not continuous: segment " + file + " starts at block " + first
                + " but block " + nextIndex + " was expected. Restore the data directory from a backup.");
      }
      final Segment segment = new Segment(file, first, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
      final long badAt = scan(segment);
      if (badAt >= 0) {
        if (i != files.size() - 1) {
          throw new IllegalStateException(
              "The engine log segment " + file + " is damaged at byte " + badAt
                  + " and later segments exist; acknowledged records would be lost. Restore the data directory from a backup.");
        }
        cut = ", cut a torn tail of " + (segment.channel.size() - badAt) + " bytes";
        segment.channel.truncate(badAt);
        segment.channel.force(true);
        segment.size = badAt;
      }
      segments.add(segment);
      nextIndex = first + segment.count;
    }
    if (segments.isEmpty()) {
      newSegment();
    }
    return segments.size() + " segments, " + (nextIndex - segments.get(0).firstIndex) + " blocks" + converted + cut;
  }

  /** Reads and checks every block of a segment; returns the offset of the first bad block, or -1. */
  private long scan(final Segment segment) throws IOException {
    final long size = segment.channel.size();
    final ByteBuffer header = ByteBuffer.allocate(HEADER);
    long offset = 0;
    while (offset < size) {
      if (offset + HEADER > size) {
        return offset;
      }
      header.clear();
      readFully(segment.channel, header, offset);
      header.flip();
      final int length = header.getInt();
      final long lowest = header.getLong();
      final long highest = header.getLong();
      final int crc = header.getInt();
      if (length <= 0 || offset + HEADER + length > size || highest < lowest
          || (appendedPosition >= 0 && lowest != appendedPosition + 1)) {
        return offset;
      }
      final ByteBuffer body = ByteBuffer.allocate(length);
      readFully(segment.channel, body, offset + HEADER);
      if (crc(body.array(), 0, length) != crc) {
        return offset;
      }
      segment.add(lowest, highest, offset, length);
      appendedPosition = highest;
      offset += HEADER + length;
    }
    segment.size = offset;
    return -1;
  }

  private String convertLegacy() throws IOException {
    long blocks = 0;
    try (FileChannel in = FileChannel.open(legacy, StandardOpenOption.READ)) {
      final Path target = dir.resolve(segmentName(1));
      try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        final long size = in.size();
        final ByteBuffer header = ByteBuffer.allocate(LEGACY_HEADER);
        long offset = 0;
        long written = 0;
        while (offset + LEGACY_HEADER <= size) {
          header.clear();
          readFully(in, header, offset);
          header.flip();
          final int length = header.getInt();
          final long lowest = header.getLong();
          final long highest = header.getLong();
          if (length <= 0 || offset + LEGACY_HEADER + length > size) {
            break;
          }
          final ByteBuffer body = ByteBuffer.allocate(length);
          readFully(in, body, offset + LEGACY_HEADER);
          final ByteBuffer block = frame(lowest, highest, body.array());
          while (block.hasRemaining()) {
            written += out.write(block, written);
          }
          offset += LEGACY_HEADER + length;
          blocks++;
        }
        out.force(true);
      }
    }
    syncDir();
    Files.delete(legacy);
    return ", converted " + blocks + " blocks from partition-1.log";
  }

  // ---------------------------------------------------------------- appending

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

  private void append(final long lowest, final long highest, final byte[] bytes, final AppendListener listener) {
    final ByteBuffer block = frame(lowest, highest, bytes);
    try {
      synchronized (lock) {
        if (closed) {
          throw new IllegalStateException("the engine log is closed");
        }
        Segment active = segments.get(segments.size() - 1);
        if (active.count > 0 && active.size + block.remaining() > segmentBytes) {
          active.channel.force(false);
          active = newSegment();
        }
        final long offset = active.size;
        long at = offset;
        while (block.hasRemaining()) {
          at += active.channel.write(block, at);
        }
        active.size = at;
        active.add(lowest, highest, offset, bytes.length);
        appendedPosition = highest;
        appendedBytes += at - offset;
        pending.add(new Pending(nextIndex++, highest, listener, active));
        lock.notifyAll();
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("could not append to the engine log", e);
    }
  }

  private static ByteBuffer frame(final long lowest, final long highest, final byte[] bytes) {
    final ByteBuffer block = ByteBuffer.allocate(HEADER + bytes.length);
    block.putInt(bytes.length).putLong(lowest).putLong(highest).putInt(crc(bytes, 0, bytes.length)).put(bytes).flip();
    return block;
  }

  private void flushLoop() {
    while (true) {
      final List<Pending> batch;
      synchronized (lock) {
        while (pending.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (final InterruptedException e) {
            return;
          }
        }
        if (pending.isEmpty()) {
          return;
        }
        if (groupCommitNanos > 0) {
          final long until = System.nanoTime() + groupCommitNanos;
          for (long left = groupCommitNanos; left > 0 && !closed; left = until - System.nanoTime()) {
            try {
              lock.wait(left / 1_000_000, (int) (left % 1_000_000));
            } catch (final InterruptedException e) {
              return;
            }
          }
        }
        batch = pending;
        pending = new ArrayList<>();
      }
      try {
        if (fsync) {
          Segment forced = null;
          for (final Pending p : batch) {
            if (p.segment != forced) {
              forced = p.segment;
              forced.channel.force(false);
            }
          }
          fsyncs++;
        }
      } catch (final IOException e) {
        // Nothing of this batch is acknowledged; the engine cannot go on safely.
        System.err.println("permitflow-engine: the log could not be forced to disk: " + e);
        Runtime.getRuntime().halt(70);
      }
      final Pending last = batch.get(batch.size() - 1);
      committedIndex = last.index;
      committedPosition = last.highest;
      for (final Pending p : batch) {
        p.listener.onWrite(p.index, p.highest);
        p.listener.onCommit(p.index, p.highest);
      }
      commitListeners.forEach(CommitListener::onCommit);
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Waits until every block up to this position is on disk (or the timeout passes). */
  boolean awaitDurable(final long position, final long timeoutMillis) throws InterruptedException {
    final long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (this) {
      while (committedPosition < position) {
        final long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        wait(left);
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- compaction and figures

  /** Deletes the segments whose every record lies before this position (never the active one). */
  int deleteSegmentsBefore(final long position) throws IOException {
    final List<Segment> gone = new ArrayList<>();
    synchronized (lock) {
      while (segments.size() > 1 && segments.get(0).count > 0 && segments.get(0).highest() < position
          && segments.get(0).highest() <= committedPosition) {
        gone.add(segments.remove(0));
      }
    }
    for (final Segment s : gone) {
      s.channel.close();
      Files.deleteIfExists(s.path);
    }
    if (!gone.isEmpty()) {
      syncDir();
    }
    return gone.size();
  }

  long sizeBytes() {
    synchronized (lock) {
      long n = 0;
      for (final Segment s : segments) {
        n += s.size;
      }
      return n;
    }
  }

  int segmentCount() {
    synchronized (lock) {
      return segments.size();
    }
  }

  long firstPosition() {
    synchronized (lock) {
      for (final Segment s : segments) {
        if (s.count > 0) {
          return s.lowest[0];
        }
      }
      return -1;
    }
  }

  long committedPosition() {
    return committedPosition;
  }

  long appendedPosition() {
    synchronized (lock) {
      return appendedPosition;
    }
  }

  long appendedBytes() {
    return appendedBytes;
  }

  long fsyncs() {
    return fsyncs;
  }

  long blockCount() {
    return committedIndex - segmentsFirstIndex() + 1;
  }

  private long segmentsFirstIndex() {
    synchronized (lock) {
      return segments.get(0).firstIndex;
    }
  }

  String loadReport() {
    return loadReport;
  }

  @Override
  public LogStorageReader newReader() {
    return new Reader();
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
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      flusher.join(10_000);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      for (final Segment s : segments) {
        if (s.channel.isOpen()) {
          s.channel.force(true);
          s.channel.close();
        }
      }
    }
  }

  // ---------------------------------------------------------------- files

  private Segment newSegment() throws IOException {
    final Path file = dir.resolve(segmentName(nextIndex));
    final Segment s =
        new Segment(
            file,
            nextIndex,
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    s.channel.truncate(0);
    segments.add(s);
    syncDir();
    return s;
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return new ArrayList<>(
          list.filter(p -> name(p).startsWith(PREFIX) && name(p).endsWith(SUFFIX)).sorted().toList());
    }
  }

  private static String segmentName(final long firstIndex) {
    return String.format("%s%020d%s", PREFIX, firstIndex, SUFFIX);
  }

  private static String name(final Path p) {
    return p.getFileName().toString();
  }

  private void syncDir() throws IOException {
    if (!fsync) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (final IOException e) {
      // some file systems cannot force a directory; the files themselves are forced
    }
  }

  private static void readFully(final FileChannel channel, final ByteBuffer buffer, final long offset)
      throws IOException {
    long at = offset;
    while (buffer.hasRemaining()) {
      final int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("unexpected end of " + channel);
      }
      at += n;
    }
  }

  private static int crc(final byte[] bytes, final int offset, final int length) {
    final CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  private record Pending(long index, long highest, AppendListener listener, Segment segment) {}

  /** One segment file and the index of its blocks (positions and offsets). */
  private static final class Segment {
    final Path path;
    final long firstIndex;
    final FileChannel channel;
    long[] lowest = new long[256];
    long[] highest = new long[256];
    long[] offset = new long[256];
    int[] length = new int[256];
    int count;
    long size;

    Segment(final Path path, final long firstIndex, final FileChannel channel) {
      this.path = path;
      this.firstIndex = firstIndex;
      this.channel = channel;
    }

    void add(final long low, final long high, final long off, final int len) {
      if (count == lowest.length) {
        final int n = count * 2;
        lowest = Arrays.copyOf(lowest, n);
        highest = Arrays.copyOf(highest, n);
        offset = Arrays.copyOf(offset, n);
        length = Arrays.copyOf(length, n);
      }
      lowest[count] = low;
      highest[count] = high;
      offset[count] = off;
      length[count] = len;
      count++;
    }

    long highest() {
      return count == 0 ? -1 : highest[count - 1];
    }

    /** The slot of the last block whose lowest position is at most this position, or -1. */
    int floor(final long position) {
      int lo = 0;
      int hi = count - 1;
      int found = -1;
      while (lo <= hi) {
        final int mid = (lo + hi) >>> 1;
        if (lowest[mid] <= position) {
          found = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found;
    }
  }

  private final class Reader implements LogStorageReader {
    /** Global index of the next block to return. */
    private long next = -1;

    @Override
    public void seek(final long position) {
      synchronized (lock) {
        next = segments.get(0).firstIndex;
        for (final Segment s : segments) {
          final int slot = s.floor(position);
          if (slot >= 0) {
            next = s.firstIndex + slot;
          } else {
            break;
          }
        }
      }
    }

    @Override
    public boolean hasNext() {
      if (next < 0) {
        seek(Long.MIN_VALUE);
      }
      return next <= committedIndex;
    }

    @Override
    public DirectBuffer next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      final FileChannel channel;
      final long offset;
      final int length;
      synchronized (lock) {
        Segment found = null;
        for (int i = segments.size() - 1; i >= 0; i--) {
          final Segment s = segments.get(i);
          if (s.firstIndex <= next) {
            found = s;
            break;
          }
        }
        if (found == null) {
          // compacted away under a slow reader: continue at the oldest block left
          found = segments.get(0);
          next = found.firstIndex;
        }
        final int slot = (int) (next - found.firstIndex);
        channel = found.channel;
        offset = found.offset[slot];
        length = found.length[slot];
      }
      final byte[] bytes = new byte[length];
      try {
        readFully(channel, ByteBuffer.wrap(bytes), offset + HEADER);
      } catch (final IOException e) {
        throw new UncheckedIOException("could not read the engine log", e);
      }
      next++;
      return new UnsafeBuffer(bytes);
    }

    @Override
    public void close() {}
  }
}
