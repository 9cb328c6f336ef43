package dev.torsion.websocket.handshake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a server's {@link ExtensionNegotiator}s over a client's offers and orders what they agreed to.
 *
 * <p>Negotiators are asked in configuration order (which settles who gets a reserved bit two of them want);
 * the agreed extensions are listed in the order the client first offered them, which is the order the
 * response header gives and the order in which they apply to data.
 *
 * <p>Stateless; safe from any thread.
 */
final class ExtensionNegotiation {

    private ExtensionNegotiation() {
    }

    /**
     * The agreed extensions.
     *
     * @throws IllegalStateException when a negotiator misbehaves (returns {@code null} or another
     *                               extension's name); exceptions a negotiator throws pass through
     */
    static List<NegotiatedExtension> negotiate(List<ExtensionNegotiator> negotiators, List<ExtensionOffer> offers) {
        if (offers.isEmpty() || negotiators.isEmpty()) {
            return List.of();
        }
        List<NegotiatedExtension> agreed = new ArrayList<>();
        Set<ReservedBit> claimed = EnumSet.noneOf(ReservedBit.class);
        for (ExtensionNegotiator negotiator : negotiators) {
            List<ExtensionOffer> matching = offers.stream().filter(o -> o.hasName(negotiator.name())).toList();
            if (matching.isEmpty()) {
                continue;
            }
            Optional<NegotiatedExtension> answer = negotiator.negotiate(matching);
            if (answer == null) {
                throw new IllegalStateException("extension negotiator " + negotiator.name() + " returned null");
            }
            if (answer.isEmpty()) {
                continue;
            }
            NegotiatedExtension extension = answer.get();
            if (!extension.name().equalsIgnoreCase(negotiator.name())) {
                throw new IllegalStateException("extension negotiator " + negotiator.name()
                        + " agreed to an extension named " + extension.name());
            }
            if (extension.reservedBits().stream().anyMatch(claimed::contains)) {
                continue;
            }
            claimed.addAll(extension.reservedBits());
            agreed.add(extension);
        }
        agreed.sort(Comparator.comparingInt(extension -> firstOfferIndex(offers, extension.name())));
        return List.copyOf(agreed);
    }

    private static int firstOfferIndex(List<ExtensionOffer> offers, String name) {
        for (int i = 0; i < offers.size(); i++) {
            if (offers.get(i).hasName(name)) {
                return i;
            }
        }
        return offers.size();
    }
}
