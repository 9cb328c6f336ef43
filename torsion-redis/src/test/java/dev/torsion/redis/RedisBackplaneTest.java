package dev.torsion.redis;

import dev.torsion.redis.testing.RedisServer;
import dev.torsion.websocket.PreparedMessage;
import dev.torsion.websocket.topic.Backlog;
import dev.torsion.websocket.topic.BackplaneUnavailableException;
import dev.torsion.websocket.topic.MessageIds;
import dev.torsion.websocket.topic.TopicBackplane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Redis backplane against a real redis-server started by the test: two "servers" (two backplanes) share
 * topics in one order; a subscribe then a publish from one thread; resuming after an id and past the
 * retention; Redis stopped and restarted while both publish (nothing lost, nothing twice, one order); the
 * bound on publishes while Redis is away; credentials and the key prefix.
 */
class RedisBackplaneTest {

    @TempDir
    Path dir;
    private RedisServer redis;
    private final List<RedisBackplane> backplanes = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
    }

    @AfterEach
    void stopAll() {
        backplanes.forEach(RedisBackplane::close);
        redis.close();
    }

    private RedisBackplane backplane(RedisBackplaneConfig.Builder config) {
        RedisBackplane b = RedisBackplane.connect(config.reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(300))
                .build());
        backplanes.add(b);
        return b;
    }

    private RedisBackplane backplane() {
        return backplane(RedisBackplaneConfig.builder(redis.uri()));
    }

    /** Records what a listener gets as {@code id|text}. */
    static final class Recorder implements TopicBackplane.Listener {
        final List<String> got = Collections.synchronizedList(new ArrayList<>());
        final List<String> gaps = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onMessage(String topic, PreparedMessage message) {
            throw new AssertionError("the Redis backplane always gives ids");
        }

        @Override
        public void onMessage(String topic, String id, PreparedMessage message) {
            got.add(id + "|" + StandardCharsets.UTF_8.decode(message.payload()));
        }

        @Override
        public void onGap(String topic, String afterId) {
            gaps.add(afterId);
        }

        List<String> texts() {
            synchronized (got) {
                return got.stream().map(s -> s.substring(s.indexOf('|') + 1)).toList();
            }
        }

        List<String> snapshot() {
            synchronized (got) {
                return new ArrayList<>(got);
            }
        }
    }

    private static Recorder subscribed(RedisBackplane b, String topic) {
        Recorder r = new Recorder();
        b.subscribe(topic, r).toCompletableFuture().join();
        return r;
    }

    private static void assertIncreasing(List<String> received) {
        for (int i = 1; i < received.size(); i++) {
            String a = received.get(i - 1);
            String b = received.get(i);
            assertThat(MessageIds.compare(a.substring(0, a.indexOf('|')), b.substring(0, b.indexOf('|'))))
                    .as("ids in order at %d", i).isNegative();
        }
    }

    @Test
    void twoServersSeeEveryMessageInTheSameOrder() throws Exception {
        RedisBackplane a = backplane();
        RedisBackplane b = backplane();
        Recorder onA = subscribed(a, "room");
        Recorder onB = subscribed(b, "room");
        Thread pa = new Thread(() -> publishNumbered(a, "room", "a", 300));
        Thread pb = new Thread(() -> publishNumbered(b, "room", "b", 300));
        pa.start();
        pb.start();
        pa.join();
        pb.join();
        await().atMost(Duration.ofSeconds(10)).until(() -> onA.got.size() == 600 && onB.got.size() == 600);
        assertThat(onA.snapshot()).isEqualTo(onB.snapshot());
        assertIncreasing(onA.snapshot());
        assertThat(onA.texts().stream().filter(t -> t.startsWith("a")).toList()).isEqualTo(numbered("a", 300));
        assertThat(a.topicCount()).isEqualTo(1);
    }

    @Test
    void aSubscribeThenAPublishFromOneThreadIsDelivered() {
        RedisBackplane a = backplane();
        Recorder r = new Recorder();
        a.subscribe("fresh", r);                      // not waited for
        String id = a.publish("fresh", PreparedMessage.text("first")).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.got.size() == 1);
        assertThat(r.got).containsExactly(id + "|first");
    }

    @Test
    void readAfterReturnsWhatFollowsAnIdAndSaysWhenSomeIsNoLongerKept() {
        RedisBackplane a = backplane(RedisBackplaneConfig.builder(redis.uri()).retention(Retention.messages(10)));
        List<String> ids = publishNumbered(a, "kept", "m", 1500);
        Backlog recent = a.readAfter("kept", ids.get(1490)).toCompletableFuture().join();
        assertThat(recent.complete()).isTrue();
        assertThat(recent.entries()).extracting(Backlog.Entry::id).isEqualTo(ids.subList(1491, 1500));
        assertThat(a.readAfter("kept", ids.get(1499)).toCompletableFuture().join())
                .satisfies(bl -> assertThat(bl.complete()).isTrue())
                .satisfies(bl -> assertThat(bl.entries()).isEmpty());
        Backlog old = a.readAfter("kept", ids.get(0)).toCompletableFuture().join();   // trimmed long ago
        assertThat(old.complete()).isFalse();
        assertThat(old.entries()).isNotEmpty();
        assertThat(old.entries().get(old.entries().size() - 1).id()).isEqualTo(ids.get(1499));
    }

    @Test
    void aReadWhileRedisIsAwayWaitsForIt() throws Exception {
        RedisBackplane a = backplane();
        List<String> ids = publishNumbered(a, "t", "m", 3);
        redis.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isConnected());
        CompletableFuture<Backlog> read = a.readAfter("t", ids.get(0)).toCompletableFuture();
        assertThat(read).isNotDone();
        redis.start();
        Backlog b = read.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(b.complete()).isTrue();
        assertThat(b.entries()).extracting(Backlog.Entry::id).isEqualTo(ids.subList(1, 3));
    }

    @Test
    void retentionByAgeTrimsWhatIsOlder() {
        RedisBackplane a = backplane(RedisBackplaneConfig.builder(redis.uri()).retention(Retention.age(Duration.ofMillis(1))));
        List<String> early = publishNumbered(a, "aged", "early", 300);
        long then = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > then + 5);   // let them age
        List<String> late = publishNumbered(a, "aged", "late", 300);
        Backlog old = a.readAfter("aged", early.get(0)).toCompletableFuture().join();
        assertThat(old.complete()).isFalse();   // the stream trims whole nodes of 100 entries: early ones went
        assertThat(old.entries()).hasSizeLessThan(599);
        assertThat(old.entries().get(old.entries().size() - 1).id()).isEqualTo(late.get(299));
    }

    @Test
    void aLongBacklogIsReadInPages() {
        RedisBackplane a = backplane();
        List<String> ids = publishNumbered(a, "long", "m", 2 * StreamReads.PAGE + 5);
        Backlog all = a.readAfter("long", ids.get(0)).toCompletableFuture().join();
        assertThat(all.complete()).isTrue();
        assertThat(all.entries()).extracting(Backlog.Entry::id).isEqualTo(ids.subList(1, ids.size()));
    }

    @Test
    void aRedisRestartLosesNothingAndRepeatsNothing() throws Exception {
        RedisBackplane a = backplane();
        RedisBackplane b = backplane();
        Recorder onA = subscribed(a, "room");
        Recorder onB = subscribed(b, "room");
        publishNumbered(a, "room", "before", 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.got.size() == 20);

        redis.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isConnected() && !b.isConnected());
        List<CompletableFuture<String>> during = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            during.add(a.publish("room", PreparedMessage.text("during-a" + i)).toCompletableFuture());
            during.add(b.publish("room", PreparedMessage.text("during-b" + i)).toCompletableFuture());
        }
        assertThat(onA.got).hasSize(20);   // held while Redis is away: nobody has them yet
        assertThat(a.bufferedBytes()).isPositive();

        redis.start();
        CompletableFuture.allOf(during.toArray(CompletableFuture[]::new)).get(20, java.util.concurrent.TimeUnit.SECONDS);
        publishNumbered(b, "room", "after", 20);
        await().atMost(Duration.ofSeconds(20)).until(() -> onA.got.size() >= 60 && onB.got.size() >= 60);
        assertThat(onA.snapshot()).isEqualTo(onB.snapshot()).hasSize(60).doesNotHaveDuplicates();
        assertIncreasing(onA.snapshot());
        assertThat(onA.texts()).containsAll(numbered("before", 20)).containsAll(numbered("after", 20));
        assertThat(onA.texts().stream().filter(t -> t.startsWith("during-a")).toList())
                .isEqualTo(numbered("during-a", 10));
        assertThat(a.reconnections()).isPositive();
        assertThat(onA.gaps).isEmpty();
        assertThat(a.bufferedBytes()).isZero();
    }

    @org.junit.jupiter.api.RepeatedTest(2)
    void aServerGetsItsOwnPublishesSentAsRedisStopsAndAfterItIsBack() throws Exception {
        RedisBackplane a = backplane();
        RedisBackplane b = backplane();
        Recorder onA = subscribed(a, "room");
        Recorder onB = subscribed(b, "room");
        redis.stop();
        List<CompletableFuture<String>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(a.publish("room", PreparedMessage.text("a-as-it-stops" + i)).toCompletableFuture());
            sent.add(b.publish("room", PreparedMessage.text("b-as-it-stops" + i)).toCompletableFuture());
        }
        redis.start();
        for (int i = 0; i < 2; i++) {
            sent.add(a.publish("room", PreparedMessage.text("a-back" + i)).toCompletableFuture());
            sent.add(b.publish("room", PreparedMessage.text("b-back" + i)).toCompletableFuture());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(20, java.util.concurrent.TimeUnit.SECONDS);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> onA.got.size() >= 10 && onB.got.size() >= 10);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("A got " + onA.snapshot() + "\nB got " + onB.snapshot() + "\nids "
                    + sent.stream().map(CompletableFuture::join).toList(), e);
        }
        assertThat(onA.snapshot()).isEqualTo(onB.snapshot()).hasSize(10);
    }

    @Test
    void publishesWhileRedisIsAwayAreBoundedThenRefusedWithAReason() throws Exception {
        RedisBackplane a = backplane(RedisBackplaneConfig.builder(redis.uri()).maxBufferedBytes(1000));
        Recorder onA = subscribed(a, "room");
        redis.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isConnected());
        String text = "x".repeat(300);
        List<CompletableFuture<String>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(a.publish("room", PreparedMessage.text(text + i)).toCompletableFuture());
        }
        CompletableFuture<String> refused = a.publish("room", PreparedMessage.text(text + 3)).toCompletableFuture();
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(BackplaneUnavailableException.class)
                .hasMessageContaining("has been unreachable for")
                .hasMessageContaining("903 bytes of publishes are already waiting for it (the bound is 1000); "
                        + "publish refused");
        assertThat(a.refusedPublishes()).isEqualTo(1);

        redis.start();
        for (CompletableFuture<String> f : held) {
            assertThat(f.get(20, java.util.concurrent.TimeUnit.SECONDS)).satisfies(id ->
                    assertThat(MessageIds.isValid(id)).isTrue());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> onA.got.size() == 3);
        assertThat(onA.texts()).containsExactly(text + 0, text + 1, text + 2);
    }

    @Test
    void credentialsAndTheKeyPrefixAreConfiguration() throws Exception {
        try (RedisServer locked = RedisServer.start(dir.resolve("locked"), "s3cret")) {
            String wrong = "redis://:nope@127.0.0.1:" + locked.port();
            assertThatThrownBy(() -> RedisBackplane.connect(RedisBackplaneConfig.builder(wrong).build()))
                    .isInstanceOf(BackplaneUnavailableException.class)
                    .hasMessageStartingWith("cannot use Redis at redis://127.0.0.1:" + locked.port() + ": ");
            RedisBackplane one = backplane(RedisBackplaneConfig.builder(locked.uri()).keyPrefix("app1:"));
            RedisBackplane two = backplane(RedisBackplaneConfig.builder(locked.uri()).keyPrefix("app2:"));
            Recorder onOne = subscribed(one, "t");
            Recorder onTwo = subscribed(two, "t");
            one.publish("t", PreparedMessage.text("for app1")).toCompletableFuture().join();
            two.publish("t", PreparedMessage.text("for app2")).toCompletableFuture().join();
            await().atMost(Duration.ofSeconds(5)).until(() -> onOne.got.size() == 1 && onTwo.got.size() == 1);
            assertThat(onOne.texts()).containsExactly("for app1");
            assertThat(onTwo.texts()).containsExactly("for app2");
        }
        assertThatThrownBy(() -> RedisBackplaneConfig.builder("http://x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Redis URI starts with redis:// or rediss:// (TLS), got \"http://x\"");
    }

    @Test
    void aFlushedScriptCacheCostsNoPublish() throws Exception {
        RedisBackplane a = backplane();
        Recorder onA = subscribed(a, "t");
        publishNumbered(a, "t", "before", 2);
        try (var admin = io.lettuce.core.RedisClient.create(redis.uri()); var c = admin.connect()) {
            c.sync().scriptFlush();
        }
        List<String> after = publishNumbered(a, "t", "after", 3);
        assertThat(after).allSatisfy(id -> assertThat(MessageIds.isValid(id)).isTrue());
        await().atMost(Duration.ofSeconds(10)).until(() -> onA.got.size() == 5);
        assertThat(onA.texts()).containsExactly("before0", "before1", "after0", "after1", "after2");
        assertThat(a.reconnections()).isEqualTo(1);
    }

    @Test
    void tlsToRedisIsARedissUriAndTheCertificatesToTrust() throws Exception {
        dev.torsion.tls.SelfSignedCertificate cert = dev.torsion.tls.SelfSignedCertificate.generate(dir.resolve("cert"),
                "localhost");
        try (RedisServer secure = RedisServer.startTls(dir.resolve("tls"), cert.certificate(), cert.privateKey())) {
            assertThat(secure.uri()).startsWith("rediss://");
            assertThatThrownBy(() -> RedisBackplane.connect(RedisBackplaneConfig.builder(secure.uri()).build()))
                    .isInstanceOf(BackplaneUnavailableException.class)
                    .hasMessageStartingWith("cannot use Redis at rediss://127.0.0.1:" + secure.port() + ": ");
            RedisBackplane b = backplane(RedisBackplaneConfig.builder(secure.uri())
                    .trustedCertificates(cert.certificate()));
            Recorder r = subscribed(b, "t");
            String id = b.publish("t", PreparedMessage.text("over TLS")).toCompletableFuture().join();
            await().atMost(Duration.ofSeconds(5)).until(() -> r.got.size() == 1);
            assertThat(r.got).containsExactly(id + "|over TLS");
        }
    }

    @Test
    void unsubscribingTheLastListenerLeavesTheChannel() {
        RedisBackplane a = backplane();
        Recorder r = subscribed(a, "t");
        a.unsubscribe("t", r).toCompletableFuture().join();
        assertThat(a.topicCount()).isZero();
        a.publish("t", PreparedMessage.text("nobody")).toCompletableFuture().join();
        Recorder again = subscribed(a, "t");
        String id = a.publish("t", PreparedMessage.text("back")).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> again.got.size() == 1);
        assertThat(again.got).containsExactly(id + "|back");
        assertThat(r.got).isEmpty();
    }

    private static List<String> publishNumbered(RedisBackplane b, String topic, String prefix, int n) {
        List<CompletableFuture<String>> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(b.publish(topic, PreparedMessage.text(prefix + i)).toCompletableFuture());
        }
        return ids.stream().map(CompletableFuture::join).toList();
    }

    private static List<String> numbered(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
