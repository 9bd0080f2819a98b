package io.sparkllm.datasets.clean.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static io.sparkllm.datasets.clean.pii.PiiType.EMAIL;
import static io.sparkllm.datasets.clean.pii.PiiType.IP_ADDRESS;
import static io.sparkllm.datasets.clean.pii.PiiType.KEY;
import static io.sparkllm.datasets.clean.pii.PiiType.USER;
import static org.assertj.core.api.Assertions.assertThat;

class PiiRedactorTest {
    private final PiiRedactor redactor = new PiiRedactor();

    /** Asserts that {@code value}, put between fixed words, is replaced whole by the type's tag. */
    private void redactsWhole(String value, PiiType type) {
        String text = "before " + value + " after";
        Redaction r = redactor.redact(text);
        assertThat(r.text()).as(value).isEqualTo("before " + type.tag() + " after");
        assertThat(r.count(type)).as(value).isEqualTo(1);
        assertThat(r.total()).as(value).isEqualTo(1);
    }

    private void untouched(String text) {
        Redaction r = redactor.redact(text);
        assertThat(r.text()).as(text).isEqualTo(text);
        assertThat(r.total()).as(text).isZero();
    }

    @Test
    void tagsAreFixed() {
        assertThat(EMAIL.tag()).isEqualTo("PI:EMAIL");
        assertThat(IP_ADDRESS.tag()).isEqualTo("PI:IP_ADDRESS");
        assertThat(KEY.tag()).isEqualTo("PI:KEY");
        assertThat(USER.tag()).isEqualTo("PI:USER");
    }

    // ---- e-mail -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "john@example.com", "john.smith@example.co.uk", "first.last+tag@mail.example.org",
        "a-b_c%d@sub-domain.example.io", "CSRInfo@CalRetirees.org", "x1@y2.museum"})
    void emails(String email) {
        redactsWhole(email, EMAIL);
    }

    @Test
    void emailKeepsSurroundingPunctuation() {
        Redaction r = redactor.redact("Write to <bob@x.org>, (cc: amy@y.net). Or mailto:eve@z.com.");
        assertThat(r.text()).isEqualTo("Write to <PI:EMAIL>, (cc: PI:EMAIL). Or mailto:PI:EMAIL.");
        assertThat(r.count(EMAIL)).isEqualTo(3);
        assertThat(r.count(USER)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "foo@bar", "meet @ noon", "user@localhost", "a@b.c", "icon@2x.png", "jquery@3.5.1.min.js",
        "x@foo.bar1", "ends.@dot.com", "@", "@@", "Brighton v Wolves 2-0 FT @ 14/1 LOST"})
    void notEmails(String text) {
        assertThat(redactor.redact(text).count(EMAIL)).as(text).isZero();
    }

    // ---- IPv4 ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"192.168.0.1", "10.0.0.255", "8.8.8.8", "255.255.255.0", "0.0.0.0", "127.0.0.1"})
    void ipv4(String ip) {
        redactsWhole(ip, IP_ADDRESS);
    }

    @Test
    void ipv4InContext() {
        Redaction r = redactor.redact("Server 10.1.2.3. Open http://192.168.1.20:8080/admin, ping (8.8.8.8)!");
        assertThat(r.text())
                .isEqualTo("Server PI:IP_ADDRESS. Open http://PI:IP_ADDRESS:8080/admin, ping (PI:IP_ADDRESS)!");
        assertThat(r.count(IP_ADDRESS)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1.2.3.4.5", "version 10.2.3", "released 2024-03-15", "on 12.05.2023", "256.1.1.1", "1.2.3.256",
        "192.168.01.1", "v1.2.3.4", "version 1.2.3.4", "see section 2.1.3.4", "costs $1.99 or 1.234.567,00 EUR",
        "a1.2.3.4", "1.2.3.4a", "1.200.000.000", "6.4.5.1 Related parties", "gstreamer 0.10.18.3",
        "at 12:30:45 and 10:30", "pi is 3.14159"})
    void notIpv4(String text) {
        untouched(text);
    }

    // ---- IPv6 ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "2001:db8:85a3::8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1", "::1",
        "2001:db8::", "::ffff:192.168.0.1", "FE80::0202:B3FF:FE1E:8329", "1:2:3:4:5:6:7:8"})
    void ipv6(String ip) {
        redactsWhole(ip, IP_ADDRESS);
    }

    @Test
    void ipv6InContext() {
        Redaction r = redactor.redact("Use [2001:db8::1]:443 or addr:fe80::1%eth0; loopback ::1.");
        assertThat(r.text()).isEqualTo("Use [PI:IP_ADDRESS]:443 or addr:PI:IP_ADDRESS%eth0; loopback PI:IP_ADDRESS.");
        assertThat(r.count(IP_ADDRESS)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "at 12:30:45 sharp", "at 10:30", "ratio 1:2:3", "std::vector<int>", "dead::beef", "Foo::Bar::Baz",
        "MAC 00:1A:2B:3C:4D:5E", "1::2::3", "item 2:: next", "::", "a:::b", "1:2:3:4:5:6:7:8:9",
        "timecode 01:02:03:04"})
    void notIpv6(String text) {
        untouched(text);
    }

    // ---- keys ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "AKIAIOSFODNN7EXAMPLE", "ASIAY34FZKBOKMUTVV7A",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "gho_abcdefghijklmnopqrstuvwxyz0123456789",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxp-1234567890-abcdef",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "pk_live_TYooMQauvdEDq54NiTphI7jx", "sk_test_abcdefghijklmnop1234",
        "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "Xk4pT9qLm2Wz8RbN5vYc3HdJ7sAe6GfU1iKo",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCY9f2Lq7XzR0aB",
        "5d41402abc4b2a76b9719d911017c592", "da39a3ee5e6b4b0d3255bfef95601890afd80709"})
    void keys(String key) {
        redactsWhole(key, KEY);
    }

    @Test
    void assignedValuesLoseOnlyTheValue() {
        Redaction r = redactor.redact(String.join("\n",
                "api_key = \"abcd1234efgh5678ijkl\"",
                "\"client_secret\": \"Zm9vYmFyYmF6cXV4MTIz\",",
                "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG",
                "token: ab12cd34ef56gh78ij90",
                "apiKey => 'q1w2e3r4t5y6u7i8o9p0'",
                "https://x.org/cb?state=1&access_token=a1b2c3d4e5f6g7h8i9j0&x=y"));
        assertThat(r.text()).isEqualTo(String.join("\n",
                "api_key = \"PI:KEY\"",
                "\"client_secret\": \"PI:KEY\",",
                "AWS_SECRET_ACCESS_KEY=PI:KEY",
                "token: PI:KEY",
                "apiKey => 'PI:KEY'",
                "https://x.org/cb?state=1&access_token=PI:KEY&x=y"));
        assertThat(r.count(KEY)).isEqualTo(6);
        assertThat(r.total()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "password: correcthorsebatterystaple", "api_key = YOUR_API_KEY_HERE_PLEASE", "token = short1",
        "monkey = abcd1234efgh5678ijkl", "secret: the value is hidden",
        "internationalization-and-localization", "Antidisestablishmentarianism", "12345678901234567890123456789012345",
        "https://example.com/2016/11/28/First-Teleconference-Calls-Invoice-Factoring/",
        "/wp-content/uploads/2016/11/IMG_20161128_123456-300x200.jpg",
        "#ThisIsMyHashtagForSummer2019VibesAndFun", "123e4567-e89b-12d3-a456-426614174000",
        "AKIAIOSFODNN7EXAMPL", "ghp_tooshort123", "sk_live_short", "2024-03-15T12:30:45Z",
        "/3M/fi_FI/company-ndc/all-3m-products", "{D68DDC3A-831F-4fae-9E44-DA132C1ACF46}",
        "Flash\\FlashUtil64_11_5_502_149_ActiveX.exe", "1mA/2mA/5mA/10mA/100mA/500mA/1000mA/1800mA",
        "Juin00h/06h06h/12h12h/18h18h/24h", "399____________________________________Ces",
        "00000000000000000000000000000000000001"})
    void notKeys(String text) {
        untouched(text);
    }

    @Test
    void aKeyInsideAUrlPathTakesOnlyItsSegment() {
        Redaction r = redactor.redact("GET /api/v1/files/5d41402abc4b2a76b9719d911017c592/download now");
        assertThat(r.text()).isEqualTo("GET /api/v1/files/PI:KEY/download now");
        assertThat(r.count(KEY)).isEqualTo(1);
    }

    @Test
    void wordsAroundAKeyInAUrlStay() {
        Redaction r = redactor.redact("Form: https://docs.google.com/forms/d/e/"
                + "1FAIpQLSfNO07A1zt79AE7B3hIwGTKmgR7uAbwrtOriLDZ6GKZdRn7Sg/viewform and "
                + "/url?sa=t&ved=2ahUKEwjCpOD2vrThAhWolYsKHRuqBtQQ6AEwCHoECAkQAQ&hl=en");
        assertThat(r.text()).isEqualTo("Form: https://docs.google.com/forms/d/e/PI:KEY/viewform and "
                + "/url?sa=t&ved=PI:KEY&hl=en");
        assertThat(r.count(KEY)).isEqualTo(2);
    }

    @Test
    void randomnessNeedsMixedShortPiecesAndManyDistinctCharacters() {
        assertThat(PiiRedactor.looksRandom("Xk4pT9qLm2Wz8RbN5vYc3HdJ7sAe6GfU", 0, 32)).isTrue();
        assertThat(PiiRedactor.looksRandom("Xk4pT9qLm2Wz8RbN5vYc3HdJ7sAe6Gf", 0, 31)).isFalse();
        assertThat(PiiRedactor.looksRandom("HTML5CanvasTutorialForBeginners2019Edition", 0, 42)).isFalse();
        assertThat(PiiRedactor.looksRandom("Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1Ab1", 0, 36)).isFalse();
        assertThat(PiiRedactor.looksRandom("5d41402abc4b2a76b9719d911017c592", 0, 32)).isTrue();
        assertThat(PiiRedactor.looksRandom("5D41402ABC4B2A76B9719D911017C592", 0, 32)).isTrue();
        assertThat(PiiRedactor.looksRandom("12345678901234567890123456789012", 0, 32)).isFalse();
        assertThat(PiiRedactor.looksRandom("abcdefabcdefabcdefabcdefabcdefab", 0, 32)).isFalse();
    }

    @Test
    void secretNamesNeedAWordBoundary() {
        assertThat(PiiRedactor.isSecretName("api_key", 0, 7)).isTrue();
        assertThat(PiiRedactor.isSecretName("apiKey", 0, 6)).isTrue();
        assertThat(PiiRedactor.isSecretName("apikey", 0, 6)).isTrue();
        assertThat(PiiRedactor.isSecretName("SECRET", 0, 6)).isTrue();
        assertThat(PiiRedactor.isSecretName("monkey", 0, 6)).isFalse();
        assertThat(PiiRedactor.isSecretName("turkey", 0, 6)).isFalse();
        assertThat(PiiRedactor.isSecretName("tokens", 0, 6)).isFalse();
    }

    // ---- handles ------------------------------------------------------------------------------

    @Test
    void handles() {
        Redaction r = redactor.redact("@alex that's so cool!! Follow him on Twitter: @Frostt24. (@jane.doe) \"@_x1\"");
        assertThat(r.text())
                .isEqualTo("PI:USER that's so cool!! Follow him on Twitter: PI:USER. (PI:USER) \"PI:USER\"");
        assertThat(r.count(USER)).isEqualTo(4);
        assertThat(r.total()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "smashed through @ 530 mph", "2 items @10.99 each", "meet @5pm", "a@b", "x @a done",
        "@abcdefghijklmnopqrstuvwxyz012345 too long", "@Override public void run()", "@media screen {",
        "@font-face {", "@SuppressWarnings(\"unchecked\")", "@app.route(\"/\")", "@param name the name",
        "ping @here", "word@name"})
    void notHandles(String text) {
        untouched(text);
    }

    @Test
    void theAtOfAnEmailIsNoHandle() {
        Redaction r = redactor.redact("@bob mail bob@example.com or @amy.");
        assertThat(r.text()).isEqualTo("PI:USER mail PI:EMAIL or PI:USER.");
        assertThat(r.count(EMAIL)).isEqualTo(1);
        assertThat(r.count(USER)).isEqualTo(2);
    }

    @Test
    void aFediverseAddressIsOneUser() {
        Redaction r = redactor.redact("toot me at @gargron@mastodon.social!");
        assertThat(r.text()).isEqualTo("toot me at PI:USER!");
        assertThat(r.count(USER)).isEqualTo(1);
        assertThat(r.count(EMAIL)).isZero();
    }

    // ---- all together -------------------------------------------------------------------------

    @Test
    void mixedTextIsCountedOncePerMatchAndTheRestIsKept() {
        String text = "On 2024-03-15 at 12:30:45, @ops (ops@corp.example.com) saw 10.0.0.7 and fe80::1 use "
                + "key AKIAIOSFODNN7EXAMPLE; v1.2.3 cost $12.50.";
        Redaction r = redactor.redact(text);
        assertThat(r.text()).isEqualTo("On 2024-03-15 at 12:30:45, PI:USER (PI:EMAIL) saw PI:IP_ADDRESS and "
                + "PI:IP_ADDRESS use key PI:KEY; v1.2.3 cost $12.50.");
        assertThat(r.count(EMAIL)).isEqualTo(1);
        assertThat(r.count(IP_ADDRESS)).isEqualTo(2);
        assertThat(r.count(KEY)).isEqualTo(1);
        assertThat(r.count(USER)).isEqualTo(1);
        assertThat(r.total()).isEqualTo(5);
        assertThat(r.counts()).containsOnlyKeys(PiiType.values());
    }

    @Test
    void plainTextComesBackAsTheSameString() {
        String text = "Nothing to see here: prices $3.50, dates 12/05/2023, ratio 3:1, version 2.0.1.";
        Redaction r = redactor.redact(text);
        assertThat(r.text()).isSameAs(text);
        assertThat(r.counts()).containsOnlyKeys(PiiType.values()).allSatisfy((type, n) -> assertThat(n).isZero());
        assertThat(redactor.redact("").total()).isZero();
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        String once = redactor.redact(
                "mail a@b.com from 10.2.3.4 as @me with ghp_16C7e42F292c6912E7710c838347Ae178B4a").text();
        Redaction twice = redactor.redact(once);
        assertThat(twice.text()).isEqualTo(once);
        assertThat(twice.total()).isZero();
    }

    /**
     * Inputs built to make a backtracking regex explode. Bounded patterns finish them at once; a
     * catastrophic one would not finish at all. Speed itself is measured in bench/, not here.
     */
    @Test
    void pathologicalInputsAreRedactedWithoutBacktrackingBlowUps() {
        String[] inputs = {
            "a".repeat(200_000) + "@",
            "@".repeat(100_000),
            "a.".repeat(100_000) + "@x",
            "x@" + "a.".repeat(100_000),
            "1.".repeat(100_000),
            "1:".repeat(100_000),
            "ab:".repeat(100_000) + "::",
            "Ab1".repeat(100_000),
            "a_".repeat(100_000) + "=",
            "token=" + "=".repeat(100_000),
        };
        for (String input : inputs) {
            Redaction r = redactor.redact(input);
            assertThat(r.text().length()).isLessThanOrEqualTo(input.length() + 20);
        }
    }

    @Test
    void theRedactorAndItsResultSerialize() throws IOException, ClassNotFoundException {
        Redaction r = redactor.redact("mail a@b.com");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(redactor);
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isInstanceOf(PiiRedactor.class);
            assertThat(in.readObject()).isEqualTo(r);
        }
    }
}
