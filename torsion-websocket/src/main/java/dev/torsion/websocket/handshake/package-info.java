/**
 * The RFC 6455 opening handshake, sans I/O.
 *
 * <p>The server side ({@link dev.torsion.websocket.handshake.ServerHandshake}) takes a
 * {@link dev.torsion.websocket.handshake.HandshakeRequest} view of an HTTP request and answers with a
 * {@link dev.torsion.websocket.handshake.HandshakeResult}: either the headers of a {@code 101 Switching
 * Protocols} response or a complete error response. The client side
 * ({@link dev.torsion.websocket.handshake.ClientHandshake}) builds the request a client sends and checks
 * the server's answer. Nothing here reads or writes a socket, starts a thread or keeps a clock; the HTTP
 * layer calls in and applies the result.
 *
 * <p>See {@code docs/handshake.md} for what is checked and which answer each failure gets.
 */
package dev.torsion.websocket.handshake;
