/**
 * permessage-deflate (RFC 7692) as sans-I/O building blocks: negotiation for the server
 * ({@link dev.torsion.websocket.deflate.PerMessageDeflateServer}, an {@code ExtensionNegotiator}) and the
 * client ({@link dev.torsion.websocket.deflate.PerMessageDeflateClient}), the agreement
 * ({@link dev.torsion.websocket.deflate.PerMessageDeflateExtension}), and the per-connection codec
 * ({@link dev.torsion.websocket.deflate.PerMessageDeflate}) that the framing core calls to compress outgoing
 * messages and decompress incoming ones under a size limit. JDK only ({@code java.util.zip}).
 *
 * <p>See {@code docs/permessage-deflate.md} for the rules, the decisions and the memory figures.
 */
package dev.torsion.websocket.deflate;
