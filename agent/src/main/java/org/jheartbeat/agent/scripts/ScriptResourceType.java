package org.jheartbeat.agent.scripts;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;

/**
 * A resource type carried out by one script file found on this node.
 *
 * @param name   the type as haresources writes it
 * @param kind   which convention the script follows
 * @param script the executable, already found to be a regular executable file
 * @param environment what heartbeat gives its resource.d and init.d scripts
 */
record ScriptResourceType(String name, ScriptKind kind, Path script, Path ocfRoot, ScriptEnvironment environment)
        implements ResourceType {

    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INSTANCE_UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]");

    @Override
    public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
        ScriptDialect dialect = switch (kind) {
            case RESOURCE_D -> new HeartbeatScriptDialect(script, spec.arguments(), environment);
            case INIT_D -> new LsbScriptDialect(script, spec.arguments(), environment);
            case OCF -> ocfDialect(spec);
        };
        return new ScriptResource(spec, dialect, context.commands());
    }

    private OcfAgentDialect ocfDialect(ResourceSpec spec) throws InvalidResourceException {
        OcfAgentName name = OcfAgentName.parse(spec.type());
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> arguments = spec.arguments();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            int equals = argument.indexOf('=');
            String key = equals < 0 ? argument : argument.substring(0, equals);
            if (equals < 0 || !PARAMETER_NAME.matcher(key).matches()) {
                throw new InvalidResourceException("resource " + spec + ": argument " + (i + 1) + " '" + argument
                        + "' is not name=value with a name of letters, digits and _ (expected "
                        + OcfAgentName.SYNTAX + ")");
            }
            if (parameters.put(key, argument.substring(equals + 1)) != null) {
                throw new InvalidResourceException("resource " + spec + ": parameter '" + key + "' is given twice");
            }
        }
        // Agents name state files and log tags after the instance, so it must be a plain word and stable.
        String instance = INSTANCE_UNSAFE.matcher(spec.id()).replaceAll("_");
        return new OcfAgentDialect(script, ocfRoot, name.provider(), name.agent(), instance, parameters);
    }
}
