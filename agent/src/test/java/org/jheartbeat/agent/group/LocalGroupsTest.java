package org.jheartbeat.agent.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.testsupport.RecordingFencer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalGroupsTest {

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final GroupRuntime runtime =
            new GroupRuntime(new RecordingFencer(), (group, reason) -> { }, Clock.systemUTC(), Ticker.systemTicker(), workers);

    @AfterEach
    void shutDown() {
        workers.shutdownNow();
    }

    /** The fault lab's finding (issue 23): on SIGTERM an agent called stop on groups it did not hold. */
    @Test
    void stopAllStopsTheGroupsThisNodeHoldsOnlyAndReportsEach() throws Exception {
        Resource held = resource("IPaddr::10.0.0.1");
        Resource heldElsewhere = resource("drbddisk::r0");
        try (LocalGroups groups = new LocalGroups(List.of(manager("web", held), manager("nfs", heldElsewhere)))) {
            groups.group("web").orElseThrow().start("takeover").get(10, TimeUnit.SECONDS);

            List<GroupSnapshot> stopped = groups.stopAll("shutdown").get(10, TimeUnit.SECONDS);

            assertThat(stopped).extracting(GroupSnapshot::name).containsExactly("web", "nfs");
            assertThat(stopped).extracting(GroupSnapshot::state).containsOnly(RunState.STOPPED);
            assertThat(groups.snapshots()).extracting(GroupSnapshot::state).containsOnly(RunState.STOPPED);
            assertThat(groups.group("mail")).isEmpty();
            verify(held).stop(any());
            verify(heldElsewhere, never()).stop(any());
        }
    }

    @Test
    void aStartAskedForBeforeTheShutdownIsStoppedAgain() throws Exception {
        Resource web = resource("IPaddr::10.0.0.1");
        try (LocalGroups groups = new LocalGroups(List.of(manager("web", web)))) {
            groups.group("web").orElseThrow().start("takeover");

            List<GroupSnapshot> stopped = groups.stopAll("shutdown").get(10, TimeUnit.SECONDS);

            assertThat(stopped).extracting(GroupSnapshot::state).containsOnly(RunState.STOPPED);
            verify(web).start(any());
            verify(web).stop(any());
        }
    }

    @Test
    void twoGroupsOfOneNameAreRefused() {
        assertThatThrownBy(() -> new LocalGroups(List.of(manager("web", "IPaddr::10.0.0.1"),
                manager("web", "IPaddr::10.0.0.2"))))
                .hasMessage("two groups are named web");
    }

    private GroupManager manager(String name, String token) {
        return manager(name, resource(token));
    }

    private GroupManager manager(String name, Resource resource) {
        return new GroupManager(new GroupResources(name, "alpha", List.of(resource)), GroupPolicy.DEFAULTS, runtime);
    }

    private static Resource resource(String token) {
        Resource agent = mock(Resource.class);
        when(agent.spec()).thenReturn(ResourceSpec.parse(token));
        when(agent.start(any())).thenReturn(OperationResult.success());
        when(agent.stop(any())).thenReturn(OperationResult.success());
        return agent;
    }
}
