package org.jheartbeat.resources.iscsi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** heartbeat's {@code iSCSITarget}; see {@link TargetArguments} for the two spellings it accepts. */
public final class IscsiTargetType implements ResourceType {

    public static final String NAME = "iSCSITarget";
    private static final Logger LOG = LoggerFactory.getLogger(IscsiTargetType.class);

    private final TargetArguments.FileReader files;
    private final Predicate<String> installed;

    public IscsiTargetType() {
        this(path -> Files.readString(Path.of(path)));
    }

    IscsiTargetType(TargetArguments.FileReader files) {
        this(files, tool -> ProcessCommandRunner.locate(tool).isPresent());
    }

    /** @param installed whether a tool is installed here, as the command runner would find it */
    IscsiTargetType(TargetArguments.FileReader files, Predicate<String> installed) {
        this.files = files;
        this.installed = installed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
        TargetArguments arguments = TargetArguments.parse(spec, files);
        TargetDefinition target;
        IscsiSettings settings;
        try {
            settings = IscsiSettings.forTarget(context.settings(), arguments.name());
            target = new TargetDefinition(arguments.name(), arguments.luns(),
                    arguments.allow().orElse(settings.initiators()),
                    arguments.chap().or(settings::chap), arguments.origin());
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(spec.id() + ": " + e.getMessage());
        }
        arguments.ignored().forEach(line -> LOG.info("{}: not carried over: {}", spec.id(), line));
        OperationTools tools = new OperationTools(spec.id(), context.commands());
        List<TargetBackend> backends = List.of(new IetBackend(tools), new TgtBackend(tools, settings.tgtControlPort()),
                new LioBackend(tools));
        BackendSelector selector = new BackendSelector(settings.backend(), backends);
        if (settings.backend() != BackendChoice.AUTO) {
            Optional<String> unsupported = selector.eligible().get(0).unsupported(target);
            if (unsupported.isPresent()) {
                throw new InvalidResourceException(spec.id() + ": " + unsupported.get());
            }
        }
        return new IscsiTargetResource(spec, target, tools, selector, installed);
    }
}
