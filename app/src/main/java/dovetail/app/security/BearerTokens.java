package dovetail.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The tokens Dovetail accepts, kept only as SHA-256 hashes and compared in constant time. In development mode
 * without configured tokens, one admin token is generated and printed at start (with configured tokens, a line says
 * that they replace it); elsewhere Dovetail refuses to start without tokens unless security is switched off
 * explicitly.
 */
final class BearerTokens {

    private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);

    record Holder(String name, Role role) {
    }

    private final Map<String, Holder> byHash = new ConcurrentHashMap<>();

    BearerTokens(SecurityProperties properties, Environment environment) {
        for (SecurityProperties.Token token : properties.tokens()) {
            if ((token.sha256() == null) == (token.value() == null)) {
                throw new IllegalStateException("Token " + token.name() + ": give exactly one of sha256 or value");
            }
            String hash = token.sha256() != null ? token.sha256().toLowerCase() : sha256(token.value());
            byHash.put(hash, new Holder(token.name(), token.role()));
        }
        boolean developmentMode = environment.getProperty("dovetail.development-mode", Boolean.class, false);
        if (developmentMode && properties.enabled() && !byHash.isEmpty()) {
            log.warn("Development mode: {} configured token(s) ({}) are in use, so no admin token is generated for "
                     + "this run", byHash.size(), properties.tokens().stream().map(SecurityProperties.Token::name)
                             .sorted().collect(java.util.stream.Collectors.joining(", ")));
        }
        if (byHash.isEmpty() && properties.enabled()) {
            if (!developmentMode) {
                throw new NoBearerTokens();
            }
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            byHash.put(sha256(token), new Holder("development-admin", Role.ADMIN));
            log.warn("Development mode: use this admin token for this run (Authorization: Bearer {})", token);
        }
    }

    Optional<Holder> find(String token) {
        String hash = sha256(token);
        // look every hash up the same way, so timing says nothing about how close a guess came
        Holder found = null;
        for (Map.Entry<String, Holder> entry : byHash.entrySet()) {
            if (MessageDigest.isEqual(entry.getKey().getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII))) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    List<Holder> holders() {
        return List.copyOf(byHash.values());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
