/**
 * Real programs for tests, started as child processes on free loopback ports with their own files and stopped
 * by PID, even when the test's JVM is killed: {@link dev.torsion.redis.testing.LocalProcess} (any program) and
 * {@link dev.torsion.redis.testing.RedisServer} (Debian's {@code redis-server}).
 */
package dev.torsion.redis.testing;
