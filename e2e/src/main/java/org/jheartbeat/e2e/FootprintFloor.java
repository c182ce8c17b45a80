package org.jheartbeat.e2e;

import com.codahale.metrics.MetricRegistry;
import com.google.common.base.Ticker;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UDP;
import org.jgroups.stack.Protocol;
import org.jheartbeat.agent.membership.DeadtimeDetector;
import org.jheartbeat.agent.membership.FailureDetection;
import org.jheartbeat.agent.membership.TransportStacks;
import org.slf4j.LoggerFactory;

/**
 * What any agent built as DESIGN.md says costs before it does its own work, run with the agent's own JVM flags
 * ({@link MemoryFootprint} measures it beside the agent). {@code jvm}: the JVM alone, idle. {@code libraries}: each
 * library the design names used once as the agent uses it, then idle: a line logged through SLF4J and Logback, the
 * HOCON settings loaded (typesafe-config), an object made by a Guice injector, a Dropwizard gauge registered, libc
 * called through JNA, and a JGroups channel with the agent's protocol layers over UDP on the loopback interface,
 * alone in its view. Prints "ready" once there.
 */
public final class FootprintFloor {

    /** libc's getpid: the simplest call through JNA. */
    public interface Libc extends Library {
        int getpid();
    }

    private static final MetricRegistry REGISTRY = new MetricRegistry();

    /** Something for Guice to make. */
    static final class Made {
    }

    private FootprintFloor() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !List.of("jvm", "libraries").contains(args[0])) {
            System.err.println("usage: FootprintFloor jvm|libraries");
            System.exit(2);
        }
        if (args[0].equals("libraries")) {
            useLibraries();
        }
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void useLibraries() throws Exception {
        LoggerFactory.getLogger(FootprintFloor.class).warn("the libraries' floor, idle from now");
        Config settings = ConfigFactory.load();
        Injector injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(Config.class).toInstance(settings);
            }
        });
        injector.getInstance(Made.class);
        int pid = Native.load("c", Libc.class).getpid();
        REGISTRY.gauge("floor.pid", () -> () -> pid);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int port;
        try (DatagramSocket free = new DatagramSocket(0, loopback)) {
            port = free.getLocalPort();
        }
        UDP transport = new UDP();
        transport.setBindAddress(loopback);
        transport.setBindPort(port);
        transport.setMulticasting(false);
        TCPPING discovery = new TCPPING().setInitialHosts(List.of(new InetSocketAddress(loopback, port))).setPortRange(0);
        List<Protocol> stack = new ArrayList<>(List.of(transport));
        stack.addAll(TransportStacks.aboveTransport(new DeadtimeDetector(new FailureDetection(Duration.ofMillis(200),
                Duration.ofMillis(1000), Duration.ofMillis(50), Duration.ofMillis(500)), Ticker.systemTicker()),
                discovery));
        new JChannel(stack).connect("floor");
    }
}
