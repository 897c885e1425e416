package io.atrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The keep-alive stall of Reactor Netty 1.2.18 on a bare Reactor Netty server, one plain socket and no
 * timing luck: two requests in one write, so the second is held back while the first (answered 50 ms
 * later) is still open, and answered at once when replayed. The third request on the connection is
 * then never read unless {@link KeepAliveReads} is on the server.
 */
class KeepAliveReadsTest {

    private static final Duration NO_ANSWER = Duration.ofSeconds(3);

    @Test
    void aConnectionKeepsReadingAfterAHeldBackRequestIsReplayed() throws IOException {
        assertThat(thirdRequestAnswered(new KeepAliveReads()::apply))
                .as("the third request on the connection is answered")
                .isTrue();
    }

    @Test
    void reactorNettyStillStallsWithoutIt() throws IOException {
        // When this fails, the Reactor Netty in use no longer stalls: KeepAliveReads can go.
        assertThat(thirdRequestAnswered(UnaryOperator.identity()))
                .as("Reactor Netty without KeepAliveReads answers the third request; remove the workaround")
                .isFalse();
    }

    @Test
    void aConnectionKeepsReadingAfterAHeldBackUploadIsRefusedBeforeItsBodyIsIn() throws IOException {
        assertThat(thirdRequestAfterARefusedUploadAnswered(new KeepAliveReads()::apply))
                .as("the request after the refused upload is answered")
                .isTrue();
    }

    @Test
    void reactorNettyStillStallsAfterARefusedUploadWithoutIt() throws IOException {
        // The control of the case above: it shows the stall is there to be fixed.
        assertThat(thirdRequestAfterARefusedUploadAnswered(UnaryOperator.identity()))
                .as("Reactor Netty without KeepAliveReads reads on after the refused upload; remove the workaround")
                .isFalse();
    }

    @Test
    void manyRequestsHeldBackInARowAreAllAnswered() throws IOException {
        DisposableServer server = server(new KeepAliveReads()::apply);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) NO_ANSWER.toMillis());
            // Rounds of one to four requests held back at once behind /first, each answered in order.
            for (int i = 0; i < 20; i++) {
                int heldBack = 1 + i % 4;
                send(socket, request("/first") + request("/second").repeat(heldBack));
                for (int answered = 0; answered <= heldBack; answered++) {
                    assertThat(answer(socket.getInputStream())).startsWith("HTTP/1.1 200");
                }
            }
        } finally {
            server.disposeNow();
        }
    }

    private static boolean thirdRequestAnswered(UnaryOperator<HttpServer> customizer) throws IOException {
        DisposableServer server = server(customizer);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) NO_ANSWER.toMillis());
            send(socket, request("/first") + request("/second"));
            assertThat(answer(socket.getInputStream())).startsWith("HTTP/1.1 200");
            assertThat(answer(socket.getInputStream())).startsWith("HTTP/1.1 200");
            send(socket, request("/third"));
            try {
                return answer(socket.getInputStream()).startsWith("HTTP/1.1 200");
            } catch (SocketTimeoutException stalled) {
                return false;
            }
        } finally {
            server.disposeNow();
        }
    }

    /**
     * An upload held back behind /first with half its body, refused at once when replayed: the replay ends
     * on that half, not on the end of the body. The rest of the body and a third request follow once the
     * two answers are in.
     */
    private static boolean thirdRequestAfterARefusedUploadAnswered(UnaryOperator<HttpServer> customizer)
            throws IOException {
        DisposableServer server = server(customizer);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) NO_ANSWER.toMillis());
            send(
                    socket,
                    request("/first")
                            + "POST /refuse HTTP/1.1\r\nHost: localhost\r\nContent-Length: 20\r\n\r\n"
                            + "0123456789");
            assertThat(answer(socket.getInputStream())).startsWith("HTTP/1.1 200");
            assertThat(answer(socket.getInputStream())).startsWith("HTTP/1.1 413");
            send(socket, "0123456789" + request("/third"));
            try {
                return answer(socket.getInputStream()).startsWith("HTTP/1.1 200");
            } catch (SocketTimeoutException stalled) {
                return false;
            }
        } finally {
            server.disposeNow();
        }
    }

    private static DisposableServer server(UnaryOperator<HttpServer> customizer) {
        return customizer
                .apply(HttpServer.create().host("127.0.0.1").port(0))
                .handle((request, response) -> request.uri().equals("/refuse")
                        ? response.status(413).send()
                        : response.sendString(
                                request.uri().equals("/first")
                                        ? Mono.delay(Duration.ofMillis(50)).thenReturn("ok")
                                        : Mono.just("ok")))
                .bindNow(Duration.ofSeconds(10));
    }

    private static String request(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    private static void send(Socket socket, String requests) throws IOException {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads one answer: its head, then a body of its content-length or chunks up to the last one. */
    private static String answer(InputStream in) throws IOException {
        String head = readUntil(in, "\r\n\r\n");
        java.util.regex.Matcher length =
                java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.US_ASCII);
        }
        return head + readUntil(in, "\r\n0\r\n\r\n");
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + read);
            }
            read.write(b);
        }
        return read.toString(StandardCharsets.US_ASCII);
    }
}
