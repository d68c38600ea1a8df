package dovetail.commands.erasure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every Thing's data key, in the table {@code thing_keys}, wrapped by the key-encryption key; erasing a Thing
 * deletes its key and leaves the row as the record that it was erased, so no key is ever made for it again. The
 * statements join the caller's transaction: a key is created in the transaction that appends the Thing's first
 * encrypted event, and deleted in the one that appends its erasure. Keys read are kept in a bounded cache for
 * {@code dovetail.erasure.key-cache-ttl} (an erasure on another instance is seen within that time); a new key is kept
 * only once its transaction committed, so a rolled back key is never used.
 */
public class ThingKeys {

    /** A Thing's key as the table holds it: its data key, or erased. */
    private record Entry(SecretKey key) {
        static final Entry ERASED = new Entry(null);
    }

    private final JdbcTemplate jdbc;
    private final KeyEncryptionKey current;
    private final Map<String, KeyEncryptionKey> byId;
    private final Cache<String, Entry> cache;
    private final KeyGenerator generator;

    ThingKeys(JdbcTemplate jdbc, ErasureProperties properties) {
        this.jdbc = jdbc;
        this.current = KeyEncryptionKey.parse("dovetail.erasure.key-encryption-key", properties.keyEncryptionKey());
        this.byId = Stream.concat(Stream.of(current), properties.previousKeyEncryptionKeys().stream()
                        .map(key -> KeyEncryptionKey.parse("dovetail.erasure.previous-key-encryption-keys", key)))
                .collect(Collectors.toMap(KeyEncryptionKey::id, Function.identity(), (first, same) -> first));
        this.cache = Caffeine.newBuilder().maximumSize(properties.keyCacheSize())
                .expireAfterWrite(properties.keyCacheTtl()).build();
        try {
            this.generator = KeyGenerator.getInstance("AES");
            this.generator.init(256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is missing from this JVM", e);
        }
    }

    /** The Thing's data key, made now if it has none; {@link ThingKeyErased} once the Thing was erased. */
    public SecretKey forWrite(String thingId) {
        Entry known = cache.getIfPresent(thingId);
        if (known == null) {
            SecretKey made;
            synchronized (generator) {
                made = generator.generateKey();
            }
            int inserted = jdbc.update("insert into thing_keys (thing_id, wrapped_key, kek_id) values (?, ?, ?)"
                    + " on conflict (thing_id) do nothing", thingId, current.wrap(thingId, made), current.id());
            known = inserted == 1 ? new Entry(made) : read(thingId);
            if (inserted == 1) {
                keepAfterCommit(thingId, known);
            } else {
                cache.put(thingId, known);
            }
        }
        if (known.key() == null) {
            throw new ThingKeyErased(thingId);
        }
        return known.key();
    }

    /** The Thing's data key, or empty once it was erased (or when it never had one). */
    public Optional<SecretKey> forRead(String thingId) {
        return Optional.ofNullable(cache.get(thingId, this::read).key());
    }

    /**
     * Loads into the cache, with one query, the keys of those of these Things it does not hold. A Thing without a row
     * is not cached: its first key may be being written, and is read when asked for.
     */
    public void prefetch(Collection<String> thingIds) {
        String[] missing = thingIds.stream().distinct().filter(id -> cache.getIfPresent(id) == null)
                .toArray(String[]::new);
        if (missing.length == 0) {
            return;
        }
        jdbc.query("select thing_id, wrapped_key, kek_id from thing_keys where thing_id = any(?)", row -> {
            String thingId = row.getString(1);
            cache.put(thingId, entry(thingId, row.getBytes(2), row.getString(3)));
        }, (Object) missing);
    }

    /** Deletes the Thing's key for good, in the caller's transaction; true unless it was erased already. */
    public boolean erase(String thingId) {
        int changed = jdbc.update("insert into thing_keys (thing_id, wrapped_key, kek_id, erased_on)"
                + " values (?, null, null, now()) on conflict (thing_id) do update"
                + " set wrapped_key = null, kek_id = null, erased_on = now() where thing_keys.erased_on is null",
                thingId);
        cache.invalidate(thingId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.invalidate(thingId);
                }
            });
        }
        return changed == 1;
    }

    /** Whether the Thing was erased. */
    public boolean erased(String thingId) {
        return !jdbc.queryForList("select 1 from thing_keys where thing_id = ? and erased_on is not null", thingId)
                .isEmpty();
    }

    /**
     * Wraps with the current key-encryption key up to {@code limit} data keys that an earlier one wrapped; answers
     * how many it re-wrapped (0 when none is left).
     */
    public int rewrap(int limit) {
        List<Map<String, Object>> rows = jdbc.queryForList("select thing_id, wrapped_key, kek_id from thing_keys"
                + " where wrapped_key is not null and kek_id <> ? order by thing_id limit ?", current.id(), limit);
        int rewrapped = 0;
        for (Map<String, Object> row : rows) {
            String thingId = (String) row.get("thing_id");
            String kekId = (String) row.get("kek_id");
            SecretKey key = kek(thingId, kekId).unwrap(thingId, (byte[]) row.get("wrapped_key"));
            rewrapped += jdbc.update("update thing_keys set wrapped_key = ?, kek_id = ? where thing_id = ? and kek_id = ?",
                    current.wrap(thingId, key), current.id(), thingId, kekId);
        }
        return rewrapped;
    }

    /** Data keys still wrapped by a key-encryption key other than the current one. */
    public long wrappedByEarlierKeys() {
        return jdbc.queryForObject("select count(*) from thing_keys where wrapped_key is not null and kek_id <> ?",
                Long.class, current.id());
    }

    private Entry read(String thingId) {
        List<Entry> found = jdbc.query("select wrapped_key, kek_id from thing_keys where thing_id = ?",
                (row, n) -> entry(thingId, row.getBytes(1), row.getString(2)), thingId);
        return found.isEmpty() ? Entry.ERASED : found.get(0);
    }

    /** A row of {@code thing_keys} as the cache keeps it: the data key unwrapped, or erased. */
    private Entry entry(String thingId, byte[] wrapped, String kekId) {
        return wrapped == null ? Entry.ERASED : new Entry(kek(thingId, kekId).unwrap(thingId, wrapped));
    }

    private KeyEncryptionKey kek(String thingId, String kekId) {
        KeyEncryptionKey kek = byId.get(kekId);
        if (kek == null) {
            throw new IllegalStateException("The data key of Thing " + thingId + " is wrapped by key-encryption key "
                    + kekId + ", which is neither dovetail.erasure.key-encryption-key nor one of"
                    + " dovetail.erasure.previous-key-encryption-keys");
        }
        return kek;
    }

    private void keepAfterCommit(String thingId, Entry entry) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            cache.put(thingId, entry);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                cache.put(thingId, entry);
            }
        });
    }

    /** A Thing whose key was erased is written to: its aggregate refuses that, so this is a bug. */
    public static final class ThingKeyErased extends IllegalStateException {
        ThingKeyErased(String thingId) {
            super("Thing " + thingId + " was erased: nothing of it can be written encrypted again");
        }
    }
}
