package org.jheartbeat.agent.cli;

/** cl_status's usage text, which scripts and people know: kept as heartbeat 3.0.6 prints it, typo included. */
final class ClStatusUsage {

    static final String TEXT = """
            Usage: cl_status <sub-command> [<options>] [<parameters>]

            Sub-commands:
            clientstatus <node-name> <client-id> [<timeout>]
            \tShow the status of heartbeat clients.
            hblinkstatus <node-name> <link-name>
            \tShow the status of a heartbeat link
            hbstatus
            \tIndicate if heartbeat is running on the local system.
            \tOptions:
            \t\t-v\tverbose: also add "listnodes -v" output
            listnodes [<option>]
            \tList the nodes in the cluster.
            \tOptions:
            \t\t-p\tlist only 'ping' type nodes
            \t\t-n\tlist only 'normal' type nodes
            \t\t-v\tverbose: also list type and status,
            \t\t\tthen add "listhblinks -v" output
            listhblinks <node-name>
            \tList the network interfaces used as hearbeat links.
            \tOptions:
            \t\t-v\tverbose: list link status as well
            nodestatus <node-name>
            \tList the node status.
            nodeweight <node-name>
            \tList the node weight.
            nodesite <node-name>
            \tList the node site.
            nodetype <node-name>
            \tList the nodes of a given type.
            rscstatus
            \tShow the status of cluster resources.
            hbparameter -p <parameter-name>
            \tRetrieve the value of a cluster parameter.
            \tAs for the valid parameter names, please refer to the man page.
            """;

    private ClStatusUsage() {
    }
}
