package org.jheartbeat.testsupport.jgroups;

import java.util.List;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.View;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.Discovery;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.PingData;
import org.jgroups.protocols.PingHeader;
import org.jgroups.protocols.TpHeader;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.jgroups.util.Util;

/**
 * Datagrams an attacker without the cluster's key would send to a JGroups cluster, built with JGroups' own classes
 * and framed as its UDP transport frames a datagram: a discovery response that gives a member's name to another
 * address (renaming a member, redirecting its traffic), a discovery request, a MERGE3 announcement of a foreign
 * view, and a view that leaves a member out. Each claims to come from {@code impostor}.
 */
public final class ForgedPackets {

    private final String cluster;
    private final Address impostor;
    private final short transport;
    private final short discovery;

    /**
     * @param cluster   the JGroups cluster name the members joined
     * @param impostor  the logical address the forged packets come from
     * @param transport the members' transport class, whose id JGroups' framing carries
     * @param discovery the members' discovery protocol (PING, TCPPING …), whose id discovery headers carry
     */
    public ForgedPackets(String cluster, Address impostor, Class<? extends TP> transport,
                         Class<? extends Discovery> discovery) {
        this.cluster = cluster;
        this.impostor = impostor;
        this.transport = ClassConfigurator.getProtocolId(transport);
        this.discovery = ClassConfigurator.getProtocolId(discovery);
    }

    /** Discovery's answer "{@code name} is {@link #impostor}, at {@code physical}". */
    public byte[] discoveryResponse(String name, PhysicalAddress physical) throws Exception {
        PingData data = new PingData(impostor, true, name, physical).coord(true);
        return datagram(message(discovery, new PingHeader(PingHeader.GET_MBRS_RSP).clusterName(cluster)).setArray(Discovery.marshal(data)));
    }

    /** Discovery's question, from {@code name} at {@code physical}. */
    public byte[] discoveryRequest(String name, PhysicalAddress physical) throws Exception {
        PingData data = new PingData(impostor, false, name, physical);
        return datagram(message(discovery, new PingHeader(PingHeader.GET_MBRS_REQ).clusterName(cluster)).setArray(Discovery.marshal(data)));
    }

    /** MERGE3's periodic "my view is {@code view}, my name {@code name}". */
    public byte[] mergeInfo(View view, String name, PhysicalAddress physical) throws Exception {
        return datagram(message(ClassConfigurator.getProtocolId(MERGE3.class),
                MERGE3.MergeHeader.createInfo(view.getViewId(), name, physical)));
    }

    /** GMS installing {@code view}, as its coordinator multicasts it. */
    public byte[] view(View view) throws Exception {
        return datagram(message(ClassConfigurator.getProtocolId(GMS.class), new GMS.GmsHeader(GMS.GmsHeader.VIEW))
                .setArray(ViewMarshaller.marshal(view)));
    }

    /** A view of {@code members} whose coordinator is the impostor. */
    public View viewOf(List<Address> members) {
        return View.create(impostor, 1_000_000, members);
    }

    private Message message(short protocol, org.jgroups.Header header) {
        return new BytesMessage(null).setSrc(impostor).putHeader(protocol, header)
                .putHeader(transport, new TpHeader(cluster));
    }

    private static byte[] datagram(Message message) throws Exception {
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(256);
        Util.writeMessage(message, out, true);
        return java.util.Arrays.copyOf(out.buffer(), out.position());
    }

    /** GMS' own encoding of a view message's payload, reached through a subclass. */
    private static final class ViewMarshaller extends GMS {
        static org.jgroups.util.ByteArray marshal(View view) {
            return GMS.marshal(view, null);
        }
    }
}
