package dev.kiln.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** Fetches a file over HTTP(S) into a folder, checking its MD5 before it appears under its name. */
final class Downloads {
    private Downloads() {}

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Downloads {@code uri} to {@code dest}: streams into a temporary file beside it while hashing, compares
     * the MD5 with {@code md5}, then renames atomically. On any failure nothing is left behind.
     *
     * @throws IOException when the download fails or the checksum differs (the message says which)
     */
    static void fetch(URI uri, Path dest, String md5) throws IOException {
        Path dir = dest.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, dest.getFileName().toString(), ".part");
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + uri, e);
            }
            MessageDigest digest = md5();
            try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(tmp)) {
                if (resp.statusCode() != 200) {
                    throw new IOException("GET " + uri + " answered HTTP " + resp.statusCode());
                }
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    digest.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            String got = HexFormat.of().formatHex(digest.digest());
            if (!got.equalsIgnoreCase(md5)) {
                throw new IOException("checksum mismatch for " + uri + ": MD5 " + got + " but expected " + md5
                        + " (a corrupted or changed file; nothing was written)");
            }
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no MD5", e);
        }
    }
}
