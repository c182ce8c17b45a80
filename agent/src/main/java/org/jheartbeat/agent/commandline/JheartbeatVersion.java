package org.jheartbeat.agent.commandline;

import picocli.CommandLine;

/** The version Maven wrote into the jar's manifest ("development" when run from classes). */
public final class JheartbeatVersion implements CommandLine.IVersionProvider {

    public static String current() {
        String version = JheartbeatVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"jheartbeat " + current()};
    }
}
