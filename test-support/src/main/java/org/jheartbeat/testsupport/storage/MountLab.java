package org.jheartbeat.testsupport.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link PrivateMountNamespace} for a test class, and what each test leaves to close (loop images, processes),
 * closed after it in reverse order. Without root the class is skipped, as mounting needs root.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final MountLab lab = new MountLab();
 * </pre>
 */
public final class MountLab implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final List<AutoCloseable> leftovers = new ArrayList<>();
    private PrivateMountNamespace namespace;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mount namespaces and loop devices need root");
        namespace = PrivateMountNamespace.create();
    }

    public PrivateMountNamespace namespace() {
        return namespace;
    }

    /** Closes {@code resource} when the current test ends. */
    public <T extends AutoCloseable> T closeAfterTest(T resource) {
        leftovers.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<AutoCloseable> closing = new ArrayList<>(leftovers);
        leftovers.clear();
        Collections.reverse(closing);
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (namespace != null) {
            namespace.close();
        }
    }
}
