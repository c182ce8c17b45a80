package org.jheartbeat.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
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
        String json = ControlProtocol.mapper().writeValueAsString(report);
        assertThat(ControlProtocol.decode(json, StatusReport.class)).isEqualTo(report);
        JsonNode tree = ControlProtocol.mapper().readTree(json);
        assertThat(tree.path("schema").asInt()).isEqualTo(1);
        assertThat(tree.path("groups").get(0).path("node").asText()).isEqualTo("master");
        assertThat(tree.path("groups").get(0).path("resources").size()).isEqualTo(4);
        assertThat(tree.path("nodes").get(1).path("links").get(0).path("up").asBoolean()).isTrue();
        assertThat(tree.path("failedActions").get(0).path("resource").asText()).isEqualTo("drbddisk::r0");
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
