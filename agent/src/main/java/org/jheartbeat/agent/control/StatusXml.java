package org.jheartbeat.agent.control;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders the status report as XML in crm_mon {@code --output-as=xml}'s manner; the schema ships as
 * {@code status.xsd} next to this class (docs/control-protocol.md).
 */
public final class StatusXml {

    private XMLStreamWriter xml;
    private int depth;

    public String render(StatusReport report) {
        StringWriter out = new StringWriter();
        try {
            xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            open("jheartbeat-result", "schema", String.valueOf(report.schema()), "request", "hbctl status --xml");
            open("summary");
            empty("stack", "type", report.stack(), "version", report.version());
            empty("coordinator", "present", String.valueOf(report.coordinator() != null), "name", report.coordinator());
            empty("last_update", "time", report.generated(), "origin", report.node());
            empty("configuration", "directory", report.configDirectory(), "digest", report.configDigest());
            empty("nodes_configured", "number", String.valueOf(report.nodes().size()));
            empty("groups_configured", "number", String.valueOf(report.groups().size()), "resources",
                    String.valueOf(report.groups().stream().mapToInt(group -> group.resources().size()).sum()));
            empty("resource_hold", "value", report.resourceHold());
            close();
            nodes(report);
            open("ping_targets");
            for (String target : report.pingTargets()) {
                empty("ping_target", "name", target);
            }
            close();
            groups(report);
            failedActions(report);
            close();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the status as XML", e);
        }
        return out.toString();
    }

    private void nodes(StatusReport report) throws XMLStreamException {
        open("nodes");
        for (StatusReport.Node node : report.nodes()) {
            open("node", "name", node.name(), "state", node.state(), "coordinator", String.valueOf(node.coordinator()),
                    "ping_reachable", node.pingReachable() == null ? null : node.pingReachable().toString(),
                    "request", node.request(), "config_digest", node.configDigest());
            for (StatusReport.Link link : node.links()) {
                empty("link", "name", link.name(), "up", String.valueOf(link.up()));
            }
            for (String group : node.failedGroups()) {
                empty("failed_group", "id", group);
            }
            if (node.restarting() != null) {
                open("restarting", "held_until", node.restarting().heldUntil());
                for (String group : node.restarting().heldGroups()) {
                    empty("held_group", "id", group);
                }
                close();
            }
            close();
        }
        close();
    }

    private void groups(StatusReport report) throws XMLStreamException {
        open("groups");
        for (StatusReport.Group group : report.groups()) {
            open("group", "id", group.id(), "preferred_node", group.preferredNode(), "state", group.state(),
                    "node", group.node());
            for (StatusReport.Resource resource : group.resources()) {
                empty("resource", "id", resource.id(), "type", resource.type(), "state", resource.state(),
                        "node", resource.node());
            }
            close();
        }
        close();
    }

    private void failedActions(StatusReport report) throws XMLStreamException {
        open("failed_actions");
        for (StatusReport.FailedAction action : report.failedActions()) {
            empty("failed_action", "node", action.node(), "group", action.group(), "resource", action.resource(),
                    "operation", action.operation(), "outcome", action.outcome(), "reason", action.reason(),
                    "time", action.time());
        }
        close();
    }

    private void open(String name, String... attributes) throws XMLStreamException {
        indent();
        xml.writeStartElement(name);
        attributes(attributes);
        depth++;
    }

    private void empty(String name, String... attributes) throws XMLStreamException {
        indent();
        xml.writeEmptyElement(name);
        attributes(attributes);
    }

    private void close() throws XMLStreamException {
        depth--;
        indent();
        xml.writeEndElement();
    }

    /** Attributes come in name, value pairs; a null value leaves the attribute out. */
    private void attributes(String... attributes) throws XMLStreamException {
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                xml.writeAttribute(attributes[i], attributes[i + 1]);
            }
        }
    }

    private void indent() throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }
}
