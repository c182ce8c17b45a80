package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeysParserTest {

    private static final String ME = System.getProperty("user.name");

    @TempDir
    Path dir;

    private Problems problems;

    private Optional<AuthKeys> parse(String text, String mode, String owner) throws IOException {
        Path file = dir.resolve("authkeys");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        problems = new Problems();
        return AuthKeysParser.parse(file, owner, problems);
    }

    private Optional<AuthKeys> parse(String text) throws IOException {
        return parse(text, "rw-------", ME);
    }

    private List<String> errors() {
        return problems.list().stream().filter(ConfigProblem::isError)
                .map(p -> p.toString().substring(dir.toString().length() + 1)).toList();
    }

    @Test
    void readsTheSeedsKey() throws IOException {
        AuthKeys keys = parse("auth 3\n3 md5 somerandomstring\n").orElseThrow();

        assertThat(keys.activeIndex()).isEqualTo(3);
        assertThat(keys.active().method()).isEqualTo(AuthKeys.Method.MD5);
        assertThat(keys.active().secret()).isEqualTo("somerandomstring");
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void neverPrintsTheSecret() throws IOException {
        AuthKeys keys = parse("auth 1\n1 sha1 topsecret\n2 md5 othersecret\n").orElseThrow();

        assertThat(keys.toString()).doesNotContain("secret").isEqualTo("auth 1 (sha1)");
        assertThat(keys.keys().toString()).doesNotContain("topsecret").doesNotContain("othersecret");
    }

    @Test
    void keyMayComeBeforeTheAuthLine() throws IOException {
        assertThat(parse("# comment\n2 sha1 abc\nauth 2\n")).isPresent();
    }

    @Test
    void crcWorksButWarns() throws IOException {
        assertThat(parse("auth 1\n1 crc\n")).isPresent();
        assertThat(problems.list()).singleElement().asString().contains("warning: crc authenticates nothing");
    }

    @Test
    void refusesAFileOthersCanRead() throws IOException {
        assertThat(parse("auth 1\n1 sha1 abc\n", "rw-r--r--", ME)).isEmpty();
        assertThat(errors()).containsExactly("authkeys: authkeys is readable or writable by others (mode rw-r--r--): "
                + "run chmod 600 " + dir.resolve("authkeys"));
    }

    @Test
    void refusesAFileOfAnotherOwner() throws IOException {
        String other = ME.equals("root") ? "nobody" : "root";
        assertThat(parse("auth 1\n1 sha1 abc\n", "rw-------", other)).isEmpty();
        assertThat(errors()).containsExactly("authkeys: authkeys belongs to " + ME + ", not " + other + ": run chown "
                + other + " " + dir.resolve("authkeys"));
    }

    @Test
    void authMustNameAnExistingKey() throws IOException {
        assertThat(parse("auth 2\n1 sha1 abc\n")).isEmpty();
        assertThat(errors()).containsExactly("authkeys:1: auth 2 names no key: add a line '2 sha1 SECRET'");
    }

    @Test
    void everyMalformedLineIsReported() throws IOException {
        assertThat(parse("""
                auth one
                auth 1
                1 sha1 abc
                16 sha1 abc
                2 blowfish abc
                3 md5
                4 crc abc
                5 sha1 two words
                6
                """)).isEmpty();
        assertThat(errors()).containsExactly(
                "authkeys:1: the auth line must be 'auth N' with N from 0 to 15",
                "authkeys:4: a key line must start with its number 0-15: N sha1 SECRET",
                "authkeys:5: key 2: unknown method 'blowfish' (crc, md5 or sha1)",
                "authkeys:6: key 3: md5 needs a secret after the method",
                "authkeys:7: key 4: crc takes no secret",
                "authkeys:8: key 5: the secret must be one word without blanks",
                "authkeys:9: key 6 has no method: write crc, md5 or sha1 after the number");
    }

    @Test
    void missingAuthLine() throws IOException {
        assertThat(parse("1 sha1 abc\n")).isEmpty();
        assertThat(errors()).containsExactly("authkeys: no 'auth N' line: add one naming the key to use, e.g. auth 1");
    }

    @Test
    void missingFile() {
        problems = new Problems();
        assertThat(AuthKeysParser.parse(dir.resolve("authkeys"), ME, problems)).isEmpty();
        assertThat(errors()).containsExactly("authkeys: cannot read authkeys: no such file");
    }
}
