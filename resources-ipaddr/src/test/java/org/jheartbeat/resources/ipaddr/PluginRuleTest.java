package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin rule: a plugin depends on resource-api alone, and reaches native code only through what the agent hands
 * it (the context's host and network). This module's pom declares no native-access library outside its tests, and no
 * compiled class of it refers to one.
 */
class PluginRuleTest {

    private static final List<String> NATIVE_ACCESS = List.of("net.java.dev.jna", "com.github.jnr");

    @Test
    void thePomDeclaresNoNativeAccessOutsideTheTests() throws Exception {
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getDocumentElement();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        List<String> declared = new ArrayList<>();
        for (int index = 0; index < dependencies.getLength(); index++) {
            Element dependency = (Element) dependencies.item(index);
            String scope = text(dependency, "scope");
            if (!scope.equals("test")) {
                declared.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }

        assertThat(declared).isNotEmpty().noneMatch(coordinates -> NATIVE_ACCESS.stream().anyMatch(
                coordinates::startsWith));
    }

    @Test
    void noCompiledClassRefersToJna() throws Exception {
        Path classes = Path.of(VirtualAddressType.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> referring = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("com/sun/jna/")) {
                    referring.add(classes.relativize(file).toString());
                }
            }
        }

        assertThat(classes.resolve("org/jheartbeat/resources/ipaddr/VirtualAddressType.class")).exists();
        assertThat(referring).isEmpty();
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
    }
}
