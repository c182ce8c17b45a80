package org.jheartbeat.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.jheartbeat.agent.config.ClusterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

class StatusRenderingTest {

    @TempDir
    Path dir;

    @Test
    void runningClusterRendersAsTheGoldenText() throws IOException {
        ClusterConfig config = ClusterStates.reference(dir);
        String text = new StatusText(ZoneOffset.UTC).render(ClusterStates.referenceRunning(config));
        assertThat(text).isEqualTo(golden("running.txt").replace("@DIR@", dir.toString()));
    }

    @Test
    void deadPeerAndStartingGroupRenderAsTheGoldenText() throws IOException {
        ClusterConfig config = ClusterStates.reference(dir);
        String text = new StatusText(ZoneOffset.UTC).render(ClusterStates.referenceSlaveDead(config));
        assertThat(text).isEqualTo(golden("slave-dead.txt").replace("@DIR@", dir.toString()));
    }

    @Test
    void xmlOfEveryStateIsValidAgainstTheShippedSchema() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        for (StatusReport report : new StatusReport[] {ClusterStates.referenceRunning(config),
                ClusterStates.referenceSlaveDead(config)}) {
            String xml = new StatusXml().render(report);
            validate(xml);
            assertThat(xml).contains("<group id=\"IPaddr::192.168.0.174/24/eth0\" preferred_node=\"master\"");
        }
    }

    @Test
    void xmlSchemaRejectsAStateOutsideItsVocabulary() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        String xml = new StatusXml().render(ClusterStates.referenceRunning(config)).replace("state=\"started\"",
                "state=\"running\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(xml)).isInstanceOf(SAXException.class);
    }

    @Test
    void jsonParsesBackToTheSameReport() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        StatusReport report = ClusterStates.referenceRunning(config);
        String json = ControlProtocol.encode(report);
        assertThat(ControlProtocol.decode(json, StatusReport.class)).isEqualTo(report);
        assertThat(json).startsWith("{\"schema\":1,\"stack\":").doesNotContain("null");
        Map<String, Object> tree = JSON.std.mapFrom(json);
        assertThat(tree.get("schema")).isEqualTo(1);
        assertThat(at(tree, "groups", 0).get("node")).isEqualTo("master");
        assertThat((List<?>) at(tree, "groups", 0).get("resources")).hasSize(4);
        assertThat(at(at(tree, "nodes", 1), "links", 0).get("up")).isEqualTo(true);
        assertThat(at(tree, "failedActions", 0).get("resource")).isEqualTo("drbddisk::r0");
    }

    private static Map<?, ?> at(Map<?, ?> object, String field, int index) {
        return (Map<?, ?>) ((List<?>) object.get(field)).get(index);
    }

    private static void validate(String xml) throws SAXException, IOException {
        try (InputStream xsd = StatusXml.class.getResourceAsStream("status.xsd")) {
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new StreamSource(xsd))
                    .newValidator().validate(new StreamSource(new StringReader(xml)));
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = StatusRenderingTest.class.getResourceAsStream("/status/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
