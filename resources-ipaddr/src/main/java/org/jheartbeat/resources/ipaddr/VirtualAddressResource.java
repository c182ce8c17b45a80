package org.jheartbeat.resources.ipaddr;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.Succession;
import org.jheartbeat.resource.host.NetInterface;
import org.jheartbeat.resource.host.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual address on this node. Start checks that nobody on the segment answers for the address (as far as
 * {@link DuplicateCheck} asks it to), adds it and announces it; stop removes it from whichever interface holds it;
 * status reads the interfaces. All three look at the interfaces first, so each is idempotent. Interfaces and
 * addresses are read and changed through the context's {@link Network}, without a tool.
 */
final class VirtualAddressResource implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualAddressResource.class);
    /** The steps of a start as its log line names them ({@link StepTimes}). */
    static final String STEP_PLACED = "interfaces read";
    static final String STEP_CHECKED = "duplicate check";
    static final String STEP_ADDED = "address added";
    static final String STEP_ANNOUNCED = "first announcement";

    private final ResourceSpec spec;
    private final VirtualAddress wanted;
    private final IpAddrSettings settings;
    private final OperationTools tools;
    private final Iproute2 ip;
    private final Network network;
    private final SegmentTools segment;
    private final Announcer announcer;
    private final KernelArpProbe kernelProbe;
    /** Where start put the address, so status and stop judge by the same placement even if routes change. */
    private AddressAssignment placed;

    VirtualAddressResource(ResourceSpec spec, VirtualAddress wanted, IpAddrSettings settings, CommandRunner runner,
                           Network network, NeighbourTable neighbours) {
        this.kernelProbe = new KernelArpProbe(neighbours);
        this.spec = spec;
        this.wanted = wanted;
        this.settings = settings;
        this.tools = new OperationTools(spec.id(), runner).withCommandCap(settings.commandTimeout());
        this.ip = new Iproute2(tools);
        this.network = network;
        this.segment = wanted.isIpv6() ? new NdiscTools(settings.ndisc6(), settings.sendUa()) : new ArpTools(settings.arping());
        this.announcer = new Announcer(tools, segment, spec.id(), settings.commandTimeout(), network);
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    @Override
    public OperationResult start(Duration timeout) {
        return start(timeout, Succession.UNKNOWN);
    }

    @Override
    public OperationResult start(Duration timeout, Succession succession) {
        return operate(timeout, deadline -> {
            StepTimes steps = new StepTimes();
            DuplicateCheck check = DuplicateCheck.forStart(succession, settings);
            Optional<KernelArpProbe.Request> early = askBeforeReading(check, deadline);
            List<NetInterface> links = interfaces();
            AddressAssignment placement = place(links, deadline);
            List<Holder> holders = holders(links);
            steps.done(STEP_PLACED);
            if (usableOn(holders, placement)) {
                LOG.info("{}: already running ({})", spec.id(), placement);
                placed = placement;
                return OperationResult.success();
            }
            if (!holders.isEmpty()) {
                throw new OperationAbort(OperationResult.failed(wanted.text() + " is already on " + describe(holders)
                        + ", not usable on " + placement.device() + "; stop it first"));
            }
            checkNobodyElseHolds(placement, check, early, deadline);
            steps.done(STEP_CHECKED);
            add(placement);
            placed = placement;
            steps.done(STEP_ADDED);
            boolean announced = announcer.begin(placement, macOf(links, placement), settings.announceCount(), settings.announceInterval(),
                    deadline);
            steps.done(STEP_ANNOUNCED);
            LOG.info("{}: started: {} ({}){}", spec.id(), placement, steps,
                    announced ? "" : " (first announcement failed, see above)");
            return OperationResult.success();
        });
    }

    @Override
    public OperationResult stop(Duration timeout) {
        announcer.cancel();
        return operate(timeout, deadline -> {
            List<Holder> holders = holders(interfaces());
            for (Holder holder : holders) {
                delete(holder);
            }
            LOG.info("{}: stopped{}", spec.id(), holders.isEmpty() ? " (was not on any interface)" : ": removed from " + describe(holders));
            return OperationResult.success();
        });
    }

    @Override
    public OperationResult status(Duration timeout) {
        return operate(timeout, deadline -> {
            List<NetInterface> links = interfaces();
            List<Holder> holders = holders(links);
            if (holders.isEmpty()) {
                return OperationResult.notRunning(spec.id() + ": " + wanted.text() + " is not on any interface");
            }
            Optional<Holder> unusable = holders.stream().filter(holder -> !holder.usable()).findFirst();
            if (unusable.isPresent()) {
                return OperationResult.failed(spec.id() + ": " + wanted.text() + " on " + unusable.get().device()
                        + " failed the kernel's duplicate address detection: another node holds it");
            }
            Optional<String> device = expectedDevice(links, deadline);
            if (device.isPresent() && holders.stream().noneMatch(holder -> holder.device().equals(device.get()))) {
                return OperationResult.failed(spec.id() + ": " + wanted.text() + " is on " + describe(holders)
                        + ", expected on " + device.get());
            }
            return OperationResult.success();
        });
    }

    /** Announces the address again, as start does, when it is in place here. */
    @Override
    public OperationResult announce(Duration timeout) {
        return operate(timeout, deadline -> {
            List<NetInterface> links = interfaces();
            AddressAssignment placement = placed != null ? placed : place(links, deadline);
            if (!usableOn(holders(links), placement)) {
                return OperationResult.notRunning(spec.id() + ": " + wanted.text() + " is not in use on "
                        + placement.device() + ", nothing to announce");
            }
            if (!announcer.begin(placement, macOf(links, placement), settings.announceCount(), settings.announceInterval(), deadline)) {
                return OperationResult.failed(spec.id() + ": the first announcement failed (see above)");
            }
            LOG.info("{}: announcing again: {}", spec.id(), placement);
            return OperationResult.success();
        });
    }

    @Override
    public OperationResult validate(Duration timeout) {
        return operate(timeout, deadline -> {
            place(interfaces(), deadline);
            for (Command check : segment.presenceChecks(settings.commandTimeout())) {
                tools.run(deadline, check);
            }
            return OperationResult.success();
        });
    }

    /** iproute2 (for the routes) and the family's neighbour tools, which every start runs. */
    @Override
    public List<String> preflight() {
        return Stream.concat(Stream.of("ip"),
                        segment.presenceChecks(settings.commandTimeout()).stream().map(check -> check.argv().get(0)))
                .filter(tool -> ProcessCommandRunner.locate(tool).isEmpty())
                .map(tool -> tool + " is not installed here (" + (wanted.isIpv6() ? "packages iproute2, ndisc6 and "
                        + "resource-agents" : "packages iproute2 and arping") + "): starting " + wanted.text()
                        + " fails without it")
                .toList();
    }

    private List<NetInterface> interfaces() throws OperationAbort {
        try {
            return network.interfaces();
        } catch (IOException e) {
            throw new OperationAbort(OperationResult.failed("cannot read the interfaces: " + e.getMessage()));
        }
    }

    /**
     * Adds the address, or fails the operation with what was asked and the kernel's answer. The takeover's path from
     * here to the first announcement has no lambda and builds no string unless it fails: the JVM links each of those
     * the first time it meets it, which took tens of milliseconds at a node's first takeover.
     */
    private void add(AddressAssignment placement) throws OperationAbort {
        try {
            network.add(placement.toAdd());
        } catch (IOException e) {
            throw new OperationAbort(OperationResult.failed(e.getMessage()));
        }
    }

    private void delete(Holder holder) throws OperationAbort {
        try {
            network.delete(wanted.address(), holder.address().prefixLength(), holder.device());
        } catch (IOException e) {
            throw new OperationAbort(OperationResult.failed(e.getMessage()));
        }
    }

    private static String macOf(List<NetInterface> links, AddressAssignment placement) {
        for (NetInterface link : links) {
            if (link.name().equals(placement.device())) {
                return link.mac();
            }
        }
        return "";
    }

    private AddressAssignment place(List<NetInterface> links, Deadline deadline) throws OperationAbort {
        List<ConnectedRoute> routes = AddressAssignmentResolver.needsRoutes(wanted) ? ip.routesCovering(wanted.address(), deadline) : List.of();
        try {
            return AddressAssignmentResolver.resolve(wanted, links, routes);
        } catch (AddressAssignmentException e) {
            throw new OperationAbort(OperationResult.misconfigured(e.getMessage()));
        }
    }

    /**
     * The interface the address belongs on: where start put it, else where it would go now. Empty when that
     * cannot be told (no device written and no route covers the address any more, e.g. the link went
     * down): then being on any interface counts as running, since status must not invent a fault.
     */
    private Optional<String> expectedDevice(List<NetInterface> links, Deadline deadline) throws OperationAbort {
        if (placed != null) {
            return Optional.of(placed.device());
        }
        if (wanted.device().isPresent()) {
            return wanted.device();
        }
        try {
            return Optional.of(AddressAssignmentResolver.resolve(wanted, links, ip.routesCovering(wanted.address(), deadline)).device());
        } catch (AddressAssignmentException e) {
            LOG.debug("{}: cannot tell which interface {} belongs on: {}", spec.id(), wanted.text(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A quick check's question, asked of the kernel before the interfaces are read where the argument writes the
     * interface and prefix out (the placement cannot differ then), so that its wait passes while {@code ip} runs: the
     * address is still added only once the whole wait has passed without an answer. Empty otherwise: the question is
     * asked once the placement is known.
     */
    private Optional<KernelArpProbe.Request> askBeforeReading(DuplicateCheck check, Deadline deadline) {
        if (check.kind() != DuplicateCheck.Kind.QUICK || wanted.isIpv6()
                || AddressAssignmentResolver.needsRoutes(wanted)) {
            return Optional.empty();
        }
        return kernelProbe.request(AddressAssignmentResolver.writtenOut(wanted), deadline.atMost(check.listen()));
    }

    private void checkNobodyElseHolds(AddressAssignment placement, DuplicateCheck check,
                                      Optional<KernelArpProbe.Request> early, Deadline deadline) throws OperationAbort {
        if (check.kind() == DuplicateCheck.Kind.NONE) {
            LOG.info("{}: no duplicate check: the previous holder stopped the group and said so", spec.id());
            return;
        }
        ProbeAnswer answer = ask(placement, check, early.filter(asked -> asked.placement().equals(placement)),
                deadline);
        String problem;
        if (answer instanceof ProbeAnswer.Holder holder) {
            problem = wanted.text() + " is already held on the segment: " + holder.mac() + " answered for it on "
                    + placement.device();
        } else if (answer instanceof ProbeAnswer.Unknown unknown) {
            problem = "cannot check whether " + wanted.text() + " is free: " + unknown.why();
        } else {
            return;
        }
        if (settings.onDuplicate() == IpAddrSettings.OnDuplicate.WARN) {
            LOG.warn("{}: {}; adding it anyway (on-duplicate = warn)", spec.id(), problem);
            return;
        }
        throw new OperationAbort(OperationResult.failed(problem + "; refusing to start "
                + "(jheartbeat.resources.ipaddr.on-duplicate = warn adds it anyway)"));
    }

    /**
     * A quick check asks the kernel's ARP first (or reads the answer to the question asked {@code early}); the tool's
     * probe listens for the wait on top of the command cap, and an answer it never gave is read as unknown.
     */
    private ProbeAnswer ask(AddressAssignment placement, DuplicateCheck check, Optional<KernelArpProbe.Request> early,
                            Deadline deadline) throws OperationAbort {
        if (check.kind() == DuplicateCheck.Kind.QUICK && !placement.isIpv6()) {
            try {
                Optional<ProbeAnswer> kernel = early.isPresent() ? early.get().answer()
                        : kernelProbe.ask(placement, deadline.atMost(check.listen()));
                if (kernel.isPresent()) {
                    return kernel.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationAbort(OperationResult.failed("interrupted while checking whether " + wanted.text()
                        + " is free"));
            }
            LOG.info("{}: the kernel's neighbour table cannot tell whether {} is free; asking with {}", spec.id(),
                    wanted.text(), settings.arping());
        }
        Duration wait = check.listen();
        return segment.readProbe(tools.run(deadline, segment.probe(placement, wait,
                settings.commandTimeout().plus(wait))));
    }

    private static boolean usableOn(List<Holder> holders, AddressAssignment placement) {
        return holders.stream().anyMatch(holder -> holder.device().equals(placement.device()) && holder.usable());
    }

    private List<Holder> holders(List<NetInterface> links) {
        return links.stream()
                .flatMap(link -> link.find(wanted.address()).stream().map(address -> new Holder(link.name(), address)))
                .toList();
    }

    private static String describe(List<Holder> holders) {
        return holders.stream().map(Holder::device).collect(Collectors.joining(", "));
    }

    /** Every reason this resource gives starts with its haresources token. */
    private OperationResult operate(Duration timeout, OperationTools.Steps steps) {
        try {
            return steps.run(Deadline.after(timeout));
        } catch (OperationAbort abort) {
            return new OperationResult(abort.result().outcome(), spec.id() + ": " + abort.result().reason());
        } catch (UnexpectedOutputException e) {
            return OperationResult.failed(spec.id() + ": " + e.getMessage());
        }
    }

    private record Holder(String device, NetInterface.Address address) {
        boolean usable() {
            return !address.dadFailed();
        }
    }
}
