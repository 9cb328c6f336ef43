/**
 * The topics backplane on Redis ({@link dev.torsion.redis.RedisBackplane}): several Torsion servers share
 * topics, in one order, and clients that reconnect to any of them resume from their last message id (see
 * docs/topics.md). {@link dev.torsion.redis.testing} starts a real {@code redis-server} for tests.
 *
 * <p><b>Why Lettuce.</b> The client is Lettuce (io.lettuce:lettuce-core 7, the Redis project's own asynchronous
 * client): its commands return futures and never block the caller, so a Torsion event loop can publish and
 * subscribe directly; it multiplexes everything over one connection (with RESP3 a subscribed connection also
 * runs commands, so a subscription, a publish and a stream read issued in that order run in that order). Its own
 * automatic reconnection is not used: it may replay pending commands out of their order. Jedis 6 is synchronous: a subscription
 * holds a thread blocked in {@code subscribe()}, publishes need a pool of connections and a thread to wait on
 * each, and reconnection and resubscription are the application's job. Writing the protocol by hand would
 * duplicate what Lettuce does well for no measured gain. The cost: Netty and Reactor on the class path (about
 * 6 MB), and per server process a handful of threads (Lettuce makes at least two Netty I/O threads and two
 * computation threads, plus a timer; one connection uses one I/O thread); per
 * message on the publishing side one {@code EVALSHA} (the message's payload plus the script's 40-byte digest),
 * and on each receiving server one copy of the payload off the socket, a decode to a string for text and one
 * framing (see docs/benchmarks-fanout.md for the measured throughput and latency).
 */
package dev.torsion.redis;
