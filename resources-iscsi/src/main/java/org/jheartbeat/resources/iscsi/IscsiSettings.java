package org.jheartbeat.resources.iscsi;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code jheartbeat.resources.iscsi} settings that apply to one target: the section's values, overridden by
 * its {@code targets."iqn..."} block when there is one.
 *
 * @param initiators     who may log in, unless the haresources line says otherwise
 * @param chap           the incoming CHAP account, unless the target's ietd.conf stanza has one
 * @param tgtControlPort tgtd's management port ({@code tgtd -C N}), empty for tgtadm's default
 */
record IscsiSettings(BackendChoice backend, List<AllowedInitiator> initiators, Optional<ChapAccount> chap,
                     OptionalInt tgtControlPort) {

    static final String SECTION = "iscsi";
    private static final String PATH = "jheartbeat.resources." + SECTION;

    /**
     * @param resources the {@code jheartbeat.resources} section
     * @throws IllegalArgumentException naming the setting when a value is missing or malformed
     */
    static IscsiSettings forTarget(Config resources, IscsiName target) {
        try {
            Config section = resources.getConfig(SECTION);
            String override = "targets." + ConfigUtil.joinPath(target.value());
            Config effective = section.hasPath(override) ? section.getConfig(override).withFallback(section) : section;
            BackendChoice backend = setting("backend", () -> BackendChoice.parse(effective.getString("backend")));
            List<AllowedInitiator> initiators = setting("allowed-initiators",
                    () -> effective.getStringList("allowed-initiators").stream().map(AllowedInitiator::parse).toList());
            String user = effective.getString("incoming-user");
            String password = effective.getString("incoming-password");
            Optional<ChapAccount> chap = user.isEmpty() && password.isEmpty() ? Optional.empty()
                    : Optional.of(setting("incoming-user", () -> new ChapAccount(user, password)));
            int port = effective.getInt("tgt.control-port");
            return new IscsiSettings(backend, initiators, chap, port < 0 ? OptionalInt.empty() : OptionalInt.of(port));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("setting " + PATH + " for " + target + ": " + e.getMessage(), e);
        }
    }

    private interface Reading<T> {
        T read();
    }

    private static <T> T setting(String key, Reading<T> reading) {
        try {
            return reading.read();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PATH + "." + key + ": " + e.getMessage(), e);
        }
    }
}
