package dev.cspwebsocket.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends a request exactly as written over a plain TCP socket and reads the response head
 * (and, unless the connection was upgraded, the body): for handshakes that a WebSocket
 * client library would refuse to send.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Send a request.
	 * @param port the server port on localhost
	 * @param request the request head lines, without the final empty line; {@code PORT}
	 * is replaced with the port
	 * @return the response
	 * @throws IOException on I/O failure
	 */
	public static Response send(int port, String... request) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout((int) TestClient.DEADLINE.toMillis());
			String head = String.join("\r\n", request).replace("PORT", String.valueOf(port)) + "\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			String[] lines = readHead(in).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			String body = "";
			if (status != 101) {
				// Not half-closed: Reactor Netty drops the answer in progress of a client
				// that half-closes, as it may. The requests ask for "Connection: close".
				body = new String(readBody(in, headers), StandardCharsets.UTF_8);
			}
			return new Response(status, headers, body);
		}
	}

	/**
	 * Send a valid handshake (with no Origin unless given) and close the connection once
	 * the response head is in.
	 * @param port the server port on localhost
	 * @param pathAndQuery the request target
	 * @param extraHeaders more header lines; {@code PORT} is replaced with the port
	 * @return the response
	 * @throws IOException on I/O failure
	 */
	public static Response handshake(int port, String pathAndQuery, String... extraHeaders) throws IOException {
		List<String> lines = new ArrayList<>(List.of("GET " + pathAndQuery + " HTTP/1.1", "Host: localhost:PORT",
				"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==",
				"Sec-WebSocket-Version: 13"));
		lines.addAll(List.of(extraHeaders));
		return send(port, lines.toArray(String[]::new));
	}

	/**
	 * Send the IRIS guide's handshake (its key, subprotocol {@code chat}, same origin)
	 * for a path, followed by any extra header lines.
	 * @param port the server port on localhost
	 * @param path the request path
	 * @param extraHeaders more header lines
	 * @return the response
	 * @throws IOException on I/O failure
	 */
	public static Response seedHandshake(int port, String path, String... extraHeaders) throws IOException {
		List<String> lines = new ArrayList<>(List.of("GET " + path + " HTTP/1.1", "Host: localhost:PORT",
				"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==",
				"Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Version: 13", "Origin: http://localhost:PORT"));
		lines.addAll(List.of(extraHeaders));
		return send(port, lines.toArray(String[]::new));
	}

	/**
	 * Open a socket with the seed's handshake and leave it open, never reading from it: a
	 * client that has stalled. Its receive buffer is as small as the system allows.
	 * @param port the server port on localhost
	 * @param path the request path
	 * @return the connected socket, for the caller to close
	 * @throws IOException on I/O failure
	 */
	public static Socket stalledClient(int port, String path) throws IOException {
		Socket socket = sendHandshake(port, path);
		String status = readHead(socket.getInputStream()).split("\r\n")[0];
		assertThat(status).as("the handshake's status line").contains(" 101 ");
		return socket;
	}

	/**
	 * Send a valid same-origin handshake on a new connection with a small receive buffer,
	 * and read nothing.
	 * @param port the server port on localhost
	 * @param path the request target
	 * @return the connection
	 * @throws IOException on I/O failure
	 */
	public static Socket sendHandshake(int port, String path) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(1024);
		socket.connect(new InetSocketAddress("localhost", port));
		String head = String.join("\r\n", "GET " + path + " HTTP/1.1", "Host: localhost:" + port, "Upgrade: websocket",
				"Connection: Upgrade", "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==", "Sec-WebSocket-Version: 13",
				"Origin: http://localhost:" + port) + "\r\n\r\n";
		socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
		return socket;
	}

	/**
	 * Read a response head, up to its empty line.
	 * @param in the connection's input
	 * @return the status line and the header lines
	 * @throws IOException on I/O failure, or when the connection ends first
	 */
	public static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Connection closed before the end of the response head: " + head);
			}
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r') ? 1 : 0;
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		return text.substring(0, text.length() - 4);
	}

	private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
		String length = headers.get("content-length");
		if (length != null) {
			return in.readNBytes(Integer.parseInt(length));
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			while (true) {
				String size = readLine(in);
				int chunk = Integer.parseInt(size.split(";")[0].trim(), 16);
				if (chunk == 0) {
					return body.toByteArray();
				}
				body.writeBytes(in.readNBytes(chunk));
				readLine(in);
			}
		}
		// Neither a length nor chunks: the body ends with the connection (Jetty answers
		// "Connection: close" so).
		return in.readAllBytes();
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body as UTF-8 text
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
