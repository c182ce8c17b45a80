#!/bin/sh
# A fencer that only records: the fault lab's second fencer (jheartbeat.fencing.method = command). It powers
# nothing off; it appends the time (epoch milliseconds) and the agent's reason to the node's "fenced" file.
# usage: record-fencing.sh NODE_DIR REASON...
node_dir=$1
shift
printf '%s %s\n' "$(date +%s%3N)" "$*" >> "$node_dir/fenced"
