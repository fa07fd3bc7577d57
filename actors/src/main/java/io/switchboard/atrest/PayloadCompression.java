package io.switchboard.atrest;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The two compressions of payloads at rest, lz4 (fastest) and zstd (smaller), each stored as the
 * original length (4 bytes) then the compressed bytes. Decompressing never allocates more than the
 * bounded length and refuses bytes that do not decompress to it.
 */
final class PayloadCompression {
  /** zstd's default level: most of its ratio at a small cost. */
  static final int ZSTD_LEVEL = 3;

  /**
   * No payload that fits a journal event is larger: a bigger length is garbage, not an allocation
   * to try.
   */
  private static final int MAX_OPENED_BYTES = 256 << 20;

  private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();
  // the safe decompressor: it never reads or writes past the bounds it is given, whatever the bytes
  private static final LZ4SafeDecompressor UNLZ4 = LZ4Factory.fastestInstance().safeDecompressor();

  // a zstd context holds about a megabyte of tables: made once per thread, not once per payload
  private static final ThreadLocal<ZstdCompressCtx> ZSTD =
      ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(ZSTD_LEVEL));
  private static final ThreadLocal<ZstdDecompressCtx> UNZSTD =
      ThreadLocal.withInitial(ZstdDecompressCtx::new);

  private PayloadCompression() {}

  static byte[] lz4(byte[] payload) {
    byte[] out = new byte[4 + LZ4.maxCompressedLength(payload.length)];
    int length = LZ4.compress(payload, 0, payload.length, out, 4);
    ByteBuffer.wrap(out).putInt(payload.length);
    return Arrays.copyOf(out, 4 + length);
  }

  static byte[] unlz4(byte[] body) {
    byte[] out = new byte[openedLength(body)];
    try {
      if (UNLZ4.decompress(body, 4, body.length - 4, out, 0, out.length) != out.length) {
        throw new IllegalArgumentException("a compressed payload shorter than it claims");
      }
    } catch (LZ4Exception e) {
      throw new IllegalArgumentException(
          "a compressed payload that does not decompress: " + e.getMessage(), e);
    }
    return out;
  }

  static byte[] zstd(byte[] payload) {
    byte[] out = new byte[4 + (int) Zstd.compressBound(payload.length)];
    int length = ZSTD.get().compressByteArray(out, 4, out.length - 4, payload, 0, payload.length);
    ByteBuffer.wrap(out).putInt(payload.length);
    return Arrays.copyOf(out, 4 + length);
  }

  static byte[] unzstd(byte[] body) {
    byte[] out = new byte[openedLength(body)];
    int length;
    try {
      length = UNZSTD.get().decompressByteArray(out, 0, out.length, body, 4, body.length - 4);
    } catch (ZstdException e) {
      throw new IllegalArgumentException(
          "a zstd payload that does not decompress: " + e.getMessage(), e);
    }
    if (length != out.length) {
      throw new IllegalArgumentException("a compressed payload shorter than it claims");
    }
    return out;
  }

  private static int openedLength(byte[] body) {
    if (body.length < 4) {
      throw new IllegalArgumentException("a compressed payload cut short");
    }
    int length = ByteBuffer.wrap(body).getInt();
    if (length < 0 || length > MAX_OPENED_BYTES) {
      throw new IllegalArgumentException("a compressed payload claims " + length + " bytes");
    }
    return length;
  }
}
