package org.jheartbeat.agent.scripts;

/** The operations the group manager asks of a script, whatever the script's convention calls them. */
enum ScriptAction {
    START,
    STOP,
    STATUS,
    VALIDATE
}
