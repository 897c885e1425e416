package io.atrium.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection over a plain blocking socket, for load generators: it writes a
 * request and reads the answer's status and body length, nothing more. The JDK's HttpClient spent
 * about 1 ms of CPU per request here, a quarter of the 2 cores at 500 requests/s, taken from the
 * server under test; this costs a small fraction of that.
 */
final class PlainHttpConnection implements AutoCloseable {

    private final String host;
    private final int port;
    /** The open socket and its streams, or null until the first request and after a close. */
    private @Nullable Open open;

    private record Open(Socket socket, OutputStream out, InputStream in) {}

    PlainHttpConnection(URI base) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
    }

    /** An answer: its status and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends one request with a JSON body and answers the status code (the body is skipped). */
    int send(String method, String path, String bearer, byte[] json) throws IOException {
        write(method, path, bearer, "application/json", json);
        return readResponse(null);
    }

    /** Sends one request ({@code body} may be null) and answers status and body. */
    Response exchange(String method, String path, @Nullable String bearer, String contentType, byte @Nullable [] body)
            throws IOException {
        write(method, path, bearer, contentType, body);
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        int status = readResponse(received);
        return new Response(status, received.toByteArray());
    }

    /** {@code bearer} null: no Authorization header (the login routes take none). */
    private void write(String method, String path, @Nullable String bearer, String contentType, byte @Nullable [] body)
            throws IOException {
        int length = body == null ? 0 : body.length;
        String type = body == null ? "" : "Content-Type: " + contentType + "\r\n";
        String authorization = bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n";
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + authorization + type
                        + "Content-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Open o = open;
        if (o == null) {
            o = connect();
            open = o;
        }
        OutputStream out = o.out();
        out.write(head);
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private Open connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        return new Open(socket, socket.getOutputStream(), new BufferedInputStream(socket.getInputStream(), 8192));
    }

    /** The stream an answer is read from: a request was just written on it. */
    private InputStream in() throws IOException {
        Open o = open;
        if (o == null) {
            throw new IOException("the connection was closed before its answer was read");
        }
        return o.in();
    }

    /** Reads one answer; its body goes to {@code body}, or is skipped when that is null. */
    private int readResponse(java.io.@Nullable ByteArrayOutputStream body) throws IOException {
        String status = line();
        if (status.length() < 12 || !status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                take(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            take(length, body);
        }
        if (close) {
            close();
        }
        return code;
    }

    private void take(long n, java.io.@Nullable ByteArrayOutputStream body) throws IOException {
        if (body == null) {
            skip(n);
            return;
        }
        InputStream in = in();
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                throw new IOException("connection closed inside a body");
            }
            body.write(buffer, 0, read);
            n -= read;
        }
    }

    private void skip(long n) throws IOException {
        InputStream in = in();
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed inside a body");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private String line() throws IOException {
        InputStream in = in();
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        Open o = open;
        if (o != null) {
            try {
                o.socket().close();
            } catch (IOException ignored) {
                // closing anyway
            }
            open = null;
        }
    }
}
