package org.jheartbeat.agent.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

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
            new GroupRuntime(new RecordingFencer(), (group, reason) -> { }, Clock.systemUTC(), workers);

    @AfterEach
    void shutDown() {
        workers.shutdownNow();
    }

    @Test
    void stopAllStopsEveryGroupAndReportsEach() throws Exception {
        try (LocalGroups groups = new LocalGroups(List.of(manager("web", "IPaddr::10.0.0.1"),
                manager("nfs", "drbddisk::r0")))) {
            groups.group("web").orElseThrow().start("takeover").get(10, TimeUnit.SECONDS);

            List<GroupSnapshot> stopped = groups.stopAll("shutdown").get(10, TimeUnit.SECONDS);

            assertThat(stopped).extracting(GroupSnapshot::name).containsExactly("web", "nfs");
            assertThat(stopped).extracting(GroupSnapshot::state).containsOnly(RunState.STOPPED);
            assertThat(groups.snapshots()).extracting(GroupSnapshot::state).containsOnly(RunState.STOPPED);
            assertThat(groups.group("mail")).isEmpty();
        }
    }

    @Test
    void twoGroupsOfOneNameAreRefused() {
        assertThatThrownBy(() -> new LocalGroups(List.of(manager("web", "IPaddr::10.0.0.1"),
                manager("web", "IPaddr::10.0.0.2"))))
                .hasMessage("two groups are named web");
    }

    private GroupManager manager(String name, String token) {
        Resource agent = mock(Resource.class);
        when(agent.spec()).thenReturn(ResourceSpec.parse(token));
        when(agent.start(any())).thenReturn(OperationResult.success());
        when(agent.stop(any())).thenReturn(OperationResult.success());
        return new GroupManager(new GroupResources(name, List.of(agent)), GroupPolicy.DEFAULTS, runtime);
    }
}
