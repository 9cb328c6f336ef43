/**
 * The topics backplane on Redis ({@link dev.torsion.redis.RedisBackplane}): several Torsion servers share
 * topics, in one order, and clients that reconnect to any of them resume from their last message id (see
 * docs/topics.md). {@link dev.torsion.redis.testing} starts a real {@code redis-server} for tests.
 *
 * <p><b>Why Lettuce.</b> The client is Lettuce (io.lettuce:lettuce-core 7, the Redis project's own asynchronous
 * client): its commands return futures and never block the caller, so a Torsion event loop can publish and
 * subscribe directly; it multiplexes everything over one connection (with RESP3 a subscribed connection also
 * runs commands, so a subscription, a publish and a stream read issued in that order run in that order). Its
 * own automatic reconnection is not used (it may replay pending commands out of their order): the backplane
 * reconnects and resends itself. Jedis 6 is synchronous: a subscription holds a thread blocked in
 * {@code subscribe()}, publishes need a pool of connections and a thread waiting on each, and reconnection and
 * resubscription are the application's job. Writing the protocol by hand would duplicate what Lettuce does
 * well, for no measured gain.
 *
 * <p><b>What it costs.</b> Lettuce, Netty and Reactor on the class path (about 7 MB of jars). Per server
 * process, two threads while all is well (the Netty I/O thread of the one connection and Lettuce's timer;
 * seen on a running {@code torsion chat --redis}), a third once a reconnection has been scheduled (Lettuce's
 * event executor). Per message: on the publishing server one {@code EVALSHA} command (the payload plus the
 * script's 40-byte digest and the keys), in Redis one stream entry and one channel message; on each receiving
 * server one copy of the payload off the socket, a decode to a string for text, and the one framing
 * ({@link dev.torsion.websocket.PreparedMessage}) that its subscribers share. Throughput and latency measured
 * side by side with the in-memory backplane: docs/benchmarks-fanout.md.
 */
package dev.torsion.redis;
