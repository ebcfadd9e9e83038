package io.permitflow.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Snapshot files of the engine state: {@code snapshot-<processed position>-<read model position>.state} in the snapshots
 * directory. One file holds the engine's key/value state (with the last processed position inside
 * it), the read model for the searches and the position it reflects, and a CRC32C over all of it.
 * A snapshot is written to a temporary file, forced to disk and renamed, so a crash leaves either
 * the whole new file or none; a file that fails its check is skipped at start and the previous one
 * is used.
 */
final class SnapshotStore {
  private static final byte[] MAGIC = "PFSNAP01".getBytes(StandardCharsets.US_ASCII);
  private static final String PREFIX = "snapshot-";
  private static final String SUFFIX = ".state";

  /** What a snapshot holds. */
  record Snapshot(
      Path file,
      long processedPosition,
      long projectionPosition,
      long createdAtMillis,
      List<byte[][]> entries,
      byte[] projection) {
    /** The lowest log position a start from this snapshot still needs. */
    long neededFrom() {
      return Math.min(processedPosition, projectionPosition);
    }
  }

  /** A snapshot file without its contents. */
  record Info(Path file, long processedPosition, long projectionPosition, long bytes, long createdAtMillis) {
    long neededFrom() {
      return Math.min(processedPosition, projectionPosition);
    }
  }

  private final Path dir;
  private final boolean fsync;

  SnapshotStore(final Path dir, final boolean fsync) throws IOException {
    this.dir = dir;
    this.fsync = fsync;
    Files.createDirectories(dir);
    try (Stream<Path> list = Files.list(dir)) {
      for (final Path p : list.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Snapshot files, newest (highest position) first. */
  List<Path> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(
              p -> p.getFileName().toString().startsWith(PREFIX)
                  && p.getFileName().toString().endsWith(SUFFIX))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    }
  }

  List<Info> infos() throws IOException {
    final List<Info> out = new ArrayList<>();
    for (final Path p : files()) {
      try {
        final String name = p.getFileName().toString();
        final String[] parts = name.substring(PREFIX.length(), name.length() - SUFFIX.length()).split("-");
        out.add(
            new Info(
                p,
                Long.parseLong(parts[0]),
                Long.parseLong(parts[1]),
                Files.size(p),
                Files.getLastModifiedTime(p).toMillis()));
      } catch (final IOException | NumberFormatException e) {
        // gone meanwhile or a stray file
      }
    }
    return out;
  }

  Path write(
      final long processedPosition,
      final long projectionPosition,
      final List<byte[][]> entries,
      final byte[] projection)
      throws IOException {
    final Path target =
        dir.resolve(String.format("%s%020d-%020d%s", PREFIX, processedPosition, projectionPosition, SUFFIX));
    final Path tmp = dir.resolve(target.getFileName() + ".tmp");
    final CRC32C crc = new CRC32C();
    try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        DataOutputStream out =
            new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), crc))) {
      out.write(MAGIC);
      out.writeLong(processedPosition);
      out.writeLong(projectionPosition);
      out.writeLong(System.currentTimeMillis());
      out.writeInt(entries.size());
      for (final byte[][] e : entries) {
        out.writeInt(e[0].length);
        out.write(e[0]);
        out.writeInt(e[1].length);
        out.write(e[1]);
      }
      out.writeInt(projection.length);
      out.write(projection);
      out.flush();
      // the checksum itself is outside the checked stream
      final DataOutputStream tail = new DataOutputStream(file);
      tail.writeLong(crc.getValue());
      tail.flush();
    }
    if (fsync) {
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDir();
    return target;
  }

  /** Reads and checks one snapshot file; throws when it is torn or damaged. */
  Snapshot read(final Path file) throws IOException {
    final CRC32C crc = new CRC32C();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      final DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      final byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a snapshot file");
      }
      final long processed = in.readLong();
      final long projectionPosition = in.readLong();
      final long created = in.readLong();
      final int count = in.readInt();
      if (count < 0) {
        throw new IOException("bad entry count");
      }
      final List<byte[][]> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        entries.add(new byte[][] {bytes(in), bytes(in)});
      }
      final byte[] projection = bytes(in);
      final long expected = crc.getValue();
      final long stored = new DataInputStream(raw).readLong();
      if (stored != expected) {
        throw new IOException("checksum mismatch");
      }
      if (raw.read() != -1) {
        throw new IOException("trailing bytes");
      }
      return new Snapshot(file, processed, projectionPosition, created, entries, projection);
    } catch (final EOFException e) {
      throw new IOException("torn (ends early)", e);
    }
  }

  private static byte[] bytes(final DataInputStream in) throws IOException {
    final int n = in.readInt();
    if (n < 0 || n > 256 * 1024 * 1024) {
      throw new IOException("bad length " + n);
    }
    final byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** Keeps a file that failed its check out of the way (renamed, for inspection). */
  void setAside(final Path file) {
    try {
      Files.move(file, file.resolveSibling(file.getFileName() + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
    } catch (final IOException e) {
      // leave it; it is skipped again at the next start
    }
  }

  /** Deletes all but the newest {@code keep} snapshot files; returns the ones kept. */
  List<Info> retain(final int keep) throws IOException {
    final List<Info> all = infos();
    for (int i = keep; i < all.size(); i++) {
      Files.deleteIfExists(all.get(i).file());
    }
    if (all.size() > keep) {
      syncDir();
    }
    return all.subList(0, Math.min(keep, all.size()));
  }

  private void syncDir() {
    if (!fsync) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (final IOException e) {
      // not every file system can force a directory
    }
  }
}
