package dev.torsion.cli.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three {@code torsion chat --redis} nodes behind nginx, six clients spread over them by nginx: every client sees
 * every message of the room in the same order. Then one node is killed with SIGKILL while the others keep
 * talking: its clients reconnect through nginx to the other nodes and resume, and every client still has every
 * message once, in the same order (checked message by message). Then Redis is restarted while everyone talks:
 * the same.
 */
class ChatOnThreeNodesTest {

    @TempDir
    static Path dir;
    static ChatCluster cluster;
    private final List<ResumingChatClient> clients = new ArrayList<>();
    /** What each client said, in order. */
    private final Map<String, List<String>> said = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = ChatCluster.start(dir);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void say(ResumingChatClient c, String phase, int n) {
        for (int i = 0; i < n; i++) {
            String text = c.name + "-" + phase + i;
            said.computeIfAbsent(c.name, k -> new ArrayList<>()).add(text);
            c.say(text);
        }
    }

    private int expected() {
        return said.values().stream().mapToInt(List::size).sum();
    }

    /** Every client has every message said so far, once, in one order shared by all, each sender's in its order. */
    private void everyoneHasEverything() {
        int n = expected();
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> clients.stream().allMatch(c -> c.messages.size() >= n));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder why = new StringBuilder("expected " + n + " messages everywhere; clients: " + clients);
            List<String> saidAll = new ArrayList<>();
            said.values().forEach(saidAll::addAll);
            List<String> gotTexts = clients.get(0).snapshot().stream().map(m -> m.split("\\|", 3)[2]).toList();
            saidAll.removeAll(gotTexts);
            why.append("\nsaid but not received by c0: ").append(saidAll);
            ResumingChatClient most = clients.stream().max(java.util.Comparator.comparingInt(c -> c.messages.size())).get();
            for (ResumingChatClient c : clients) {
                List<String> missing = new ArrayList<>(most.snapshot());
                missing.removeAll(c.snapshot());
                why.append("\n").append(c.name).append(" misses ").append(missing).append(", errors ").append(c.errors);
            }
            for (int i = 0; i < 3; i++) {
                String log = cluster.nodeLog(i);
                why.append("\n--- node ").append(i).append(":\n").append(log.substring(Math.max(0, log.length() - 3000)));
            }
            throw new AssertionError(why.toString(), e);
        }
        List<String> reference = clients.get(0).snapshot();
        assertThat(reference).hasSize(n).doesNotHaveDuplicates();
        for (ResumingChatClient c : clients) {
            List<String> got = c.snapshot();
            for (int i = 0; i < n; i++) {
                assertThat(got.get(i)).as("%s, message %d of %d", c.name, i, n).isEqualTo(reference.get(i));
            }
            assertThat(got).as(c.name).hasSize(n);
            assertThat(c.gaps).as(c.name + " gap notices").isEmpty();
            assertThat(c.errors).as(c.name + " errors").isEmpty();
        }
        for (Map.Entry<String, List<String>> e : said.entrySet()) {
            List<String> texts = reference.stream().filter(m -> m.split("\\|", 3)[1].equals(e.getKey()))
                    .map(m -> m.split("\\|", 3)[2]).toList();
            assertThat(texts).as("what %s said", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void everyClientSeesTheSameMessagesInTheSameOrderThroughANodeKillAndARedisRestart() throws Exception {
        for (int i = 0; i < 6; i++) {
            clients.add(new ResumingChatClient(ChatCluster.wsUrl(cluster.balanced), "room", "c" + i).start());
        }
        try {
            // Everyone is in (its own joined came back through Redis: its node carries the room).
            await().atMost(Duration.ofSeconds(20)).until(() -> clients.stream().allMatch(c -> c.lastId() != null));
            int[] perNode = new int[3];
            for (ResumingChatClient c : clients) {
                List<Integer> where = cluster.nodesWhere(c.name);
                assertThat(where).as(c.name + "'s node").hasSize(1);
                perNode[where.get(0)]++;
            }
            assertThat(perNode).as("clients per node (nginx round robin)").containsExactly(2, 2, 2);

            // 1. Everyone talks.
            for (ResumingChatClient c : clients) {
                say(c, "a", 5);
            }
            everyoneHasEverything();

            // 2. One node dies (SIGKILL) while the clients of the others keep talking.
            int victim = cluster.nodesWhere("c0").get(0);
            List<ResumingChatClient> moved = clients.stream()
                    .filter(c -> cluster.nodesWhere(c.name).get(0) == victim).toList();
            cluster.killNode(victim);
            for (ResumingChatClient c : clients) {
                if (!moved.contains(c)) {
                    say(c, "b", 5);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> moved.stream().allMatch(c -> c.welcomes.get() == 2));
            for (ResumingChatClient c : moved) {
                assertThat(c.disconnects.get()).isPositive();
                assertThat(cluster.nodesWhere(c.name)).as(c.name + " moved to another node").hasSize(2)
                        .contains(victim);
                say(c, "b", 5);
            }
            everyoneHasEverything();

            // 3. Redis restarts while everyone talks: the nodes hold the messages and catch up.
            cluster.redis.stop();
            for (ResumingChatClient c : clients) {
                say(c, "c", 3);
            }
            cluster.redis.start();
            for (ResumingChatClient c : clients) {
                say(c, "d", 2);
            }
            everyoneHasEverything();
            assertThat(cluster.nodeAlive(victim)).isFalse();
        } finally {
            clients.forEach(ResumingChatClient::close);
        }
    }
}
