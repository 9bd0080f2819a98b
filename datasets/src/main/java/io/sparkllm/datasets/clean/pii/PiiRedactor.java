package io.sparkllm.datasets.clean.pii;

import java.io.Serializable;
import java.util.Locale;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, IP addresses, secret keys and user handles with {@link PiiType#tag()}.
 *
 * <p>It runs on every document of the corpus, so the work is shaped by cost: the e-mail and handle
 * detectors only look around each {@code '@'}, the key detectors only look inside long runs of
 * token characters, and the IP regexes are only tried next to a colon or a digit-dot-digit. All
 * regexes are bounded or possessive, so no input makes them backtrack without limit.
 *
 * <p>Detectors run in a fixed priority order (e-mail, key, IPv6, IPv4, handle) and a match that
 * overlaps an earlier one is dropped, so no character is redacted or counted twice.
 */
public final class PiiRedactor implements Serializable {
    private static final long serialVersionUID = 1L;

    // ---- e-mail -------------------------------------------------------------------------------

    /** Longest local part RFC 5321 allows; also bounds the backwards scan from each '@'. */
    private static final int MAX_LOCAL = 64;

    /** Labels, then a letters-only TLD; bounded label length keeps backtracking linear. */
    private static final Pattern EMAIL_DOMAIN = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])");

    /** {@code logo@2x.png} and {@code jquery@3.5.min.js} are asset names, not addresses. */
    private static final Set<String> FILE_EXTENSIONS = Set.of(
            "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "css", "js");

    // ---- user handles -------------------------------------------------------------------------

    private static final int MIN_HANDLE = 2;
    private static final int MAX_HANDLE = 30;

    /** Characters after which an '@' starts a handle (besides whitespace and the start of text). */
    private static final String HANDLE_OPENERS = "([{<\"'\u201c\u2018\u00ab";

    /** Code annotations, CSS at-rules, doc tags and group mentions: '@'-words that name no person. */
    private static final Set<String> NOT_HANDLES = Set.of(
            "media", "import", "keyframes", "charset", "supports", "page", "namespace",
            "override", "deprecated", "functionalinterface", "suppresswarnings", "safevarargs",
            "param", "return", "returns", "throws", "throw", "author", "since", "see", "version",
            "link", "inheritdoc", "code", "literal", "value", "exception", "example", "type",
            "interface", "implementation", "end", "property", "synthesize", "dynamic", "protocol",
            "inject", "autowired", "component", "service", "bean", "entity", "test", "before", "after",
            "staticmethod", "classmethod", "dataclass", "abstractmethod", "cached_property",
            "everyone", "here", "channel", "all");

    // ---- keys ---------------------------------------------------------------------------------

    /** Shortest run worth inspecting: the shortest key form (a Slack token) is 15 characters. */
    private static final int MIN_RUN = 15;
    /** Shortest value accepted after {@code token=}, {@code secret:} and the like. */
    private static final int MIN_ASSIGNED = 16;
    /** Shortest free-standing token judged on its characters alone. */
    private static final int MIN_GENERIC = 32;
    /** Longest average CamelCase piece a free-standing token may have and still count as random. */
    private static final int MAX_PIECE_LENGTH = 3;
    /** Fewest distinct letters and digits a free-standing token needs (see looksRandom). */
    private static final int MIN_DISTINCT = 16;
    /** Same for hex, whose alphabet is 16: a random 32-digit hex string shows about 14. */
    private static final int MIN_DISTINCT_HEX = 8;

    /** Vendor formats whose prefix alone makes them secrets; searched only inside a token run. */
    private static final Pattern VENDOR_KEY = Pattern.compile(
            "(?<![A-Za-z0-9])(?:"
                    + "(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])"
                    + "|gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])"
                    + "|github_pat_[A-Za-z0-9_]{22,}+"
                    + "|xox[abprs]-[A-Za-z0-9-]{10,}+"
                    + "|(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}+"
                    + "|AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"
                    + ")");

    /** JSON web tokens contain dots, so they are found on the whole text (only if it has "eyJ"). */
    private static final Pattern JWT = Pattern.compile(
            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{8,}+");

    /** Names whose assigned value is a secret; matched at the end of an identifier. */
    private static final String[] SECRET_NAMES = {"key", "secret", "token", "password", "passwd", "pwd"};

    /** Run-together names ({@code apikey}) that the word-boundary rule for SECRET_NAMES misses. */
    private static final String[] JOINED_SECRET_NAMES = {
        "apikey", "secretkey", "accesskey", "privatekey", "apitoken", "authtoken", "accesstoken",
        "refreshtoken", "apisecret", "clientsecret"};

    // ---- IP addresses -------------------------------------------------------------------------

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

    /** Four octets not glued to letters, digits or further dotted numbers ({@code 1.2.3.4.5}). */
    private static final Pattern IPV4 = Pattern.compile(
            "(?<!\\w)(?<!\\w\\.)" + OCTET + "(?:\\." + OCTET + "){3}(?!\\w|\\.[0-9])");

    /**
     * A run of hex digits and colons that could be an IPv6 address; {@link #validIpv6} decides.
     * It may not start inside a hex-and-colon run, so {@code 12:30:45} is judged whole, but may
     * follow a label's colon ({@code addr:fe80::1}).
     */
    private static final Pattern IPV6_CANDIDATE = Pattern.compile(
            "(?:(?<![\\w:])::|(?<!\\w)(?<![0-9A-Fa-f:]:)[0-9A-Fa-f]{1,4}:)[0-9A-Fa-f:]*+"
                    + "(?:\\.[0-9]{1,3}){0,3}+(?!\\w|\\.\\w)");

    /** Longest IPv6 text: eight 4-digit groups and seven colons, or six groups and an IPv4 tail. */
    private static final int MAX_IPV6 = 45;

    /** Words after which a dotted quad is a version or a section number, not an address. */
    private static final Set<String> NUMBERING_WORDS = Set.of(
            "version", "versi", "ver", "v", "release", "build", "rev", "revision", "section", "sec",
            "chapter", "ch", "clause", "article", "art", "paragraph", "para", "rule", "step", "table", "figure",
            "fig", "item", "part", "no", "nr", "number", "isbn");

    /** Redacts {@code text}; returns the same string instance when nothing matched. */
    public Redaction redact(String text) {
        Objects.requireNonNull(text, "text");
        Spans spans = new Spans();
        boolean hasAt = text.indexOf('@') >= 0;
        if (hasAt) {
            findEmails(text, spans);
        }
        findKeys(text, spans);
        if (mayHoldIpv6(text)) {
            findIpv6(text, spans);
        }
        findIpv4(text, spans);
        if (hasAt) {
            findHandles(text, spans);
        }
        return spans.apply(text);
    }

    // ---- e-mail -------------------------------------------------------------------------------

    private static void findEmails(String text, Spans spans) {
        Matcher domain = null;
        int n = text.length();
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > 0 && at - start < MAX_LOCAL && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            if (start > 0 && isLocalChar(text.charAt(start - 1))) {
                continue; // local part longer than an address allows
            }
            while (start < at && !isAsciiLetterOrDigit(text.charAt(start)) && text.charAt(start) != '_') {
                start++; // "--bob@x.org" redacts only "bob@x.org"
            }
            if (start == at || text.charAt(at - 1) == '.') {
                continue;
            }
            if (domain == null) {
                domain = EMAIL_DOMAIN.matcher(text).useTransparentBounds(true);
            }
            domain.region(at + 1, Math.min(n, at + 1 + 255));
            if (!domain.lookingAt()) {
                continue;
            }
            int end = domain.end();
            String tld = text.substring(text.lastIndexOf('.', end - 1) + 1, end).toLowerCase(Locale.ROOT);
            if (FILE_EXTENSIONS.contains(tld)) {
                continue;
            }
            if (start > 0 && text.charAt(start - 1) == '@' && opensHandle(text, start - 1)) {
                spans.add(start - 1, end, PiiType.USER); // fediverse "@name@host.tld" names a person
            } else {
                spans.add(start, end, PiiType.EMAIL);
            }
        }
    }

    private static boolean isLocalChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    // ---- user handles -------------------------------------------------------------------------

    private static void findHandles(String text, Spans spans) {
        int n = text.length();
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            if (!opensHandle(text, at) || at + 1 >= n) {
                continue;
            }
            char first = text.charAt(at + 1);
            if (!isAsciiLetter(first) && first != '_') {
                continue; // "@5pm", "@10.99 each", "@ 530 mph"
            }
            int end = at + 2;
            while (end < n) {
                char c = text.charAt(end);
                if (isHandleChar(c)) {
                    end++;
                } else if (c == '.' && end + 1 < n && isHandleChar(text.charAt(end + 1))) {
                    end += 2; // a dot only between name characters: "@jane.doe", not "@jane."
                } else {
                    break;
                }
            }
            int length = end - at - 1;
            if (length < MIN_HANDLE || length > MAX_HANDLE) {
                continue;
            }
            if (end < n && (text.charAt(end) == '(' || text.charAt(end) == '@' || text.charAt(end) == '-')) {
                continue; // "@Foo(", decorator calls; "@a@b" that was no e-mail; "@font-face"
            }
            if (NOT_HANDLES.contains(text.substring(at + 1, end).toLowerCase(Locale.ROOT))) {
                continue;
            }
            spans.add(at, end, PiiType.USER);
        }
    }

    /** An '@' starts a handle at the start of text or after whitespace or opening punctuation. */
    private static boolean opensHandle(String text, int at) {
        if (at == 0) {
            return true;
        }
        char before = text.charAt(at - 1);
        return Character.isWhitespace(before) || Character.isSpaceChar(before) || HANDLE_OPENERS.indexOf(before) >= 0;
    }

    private static boolean isHandleChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '_';
    }

    // ---- keys ---------------------------------------------------------------------------------

    /**
     * Every key form is a run of {@code [A-Za-z0-9+/=_-]}; such runs of 15+ characters are rare in
     * prose, so the costly checks only ever see a small part of the text.
     */
    private static void findKeys(String text, Spans spans) {
        if (text.contains("eyJ")) {
            Matcher m = JWT.matcher(text);
            while (m.find()) {
                spans.add(m.start(), m.end(), PiiType.KEY);
            }
        }
        Matcher vendor = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isKeyChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isKeyChar(text.charAt(i))) {
                i++;
            }
            if (i - start < MIN_RUN) {
                continue;
            }
            if (vendor == null) {
                vendor = VENDOR_KEY.matcher(text).useTransparentBounds(true);
            }
            vendor.region(start, i);
            while (vendor.find()) {
                spans.add(vendor.start(), vendor.end(), PiiType.KEY);
            }
            findAssignedValue(text, start, i, spans);
            findHighEntropy(text, start, i, spans);
        }
    }

    /** {@code api_key = "VALUE"}, {@code "token": "VALUE"}, {@code ?access_token=VALUE}. */
    private static void findAssignedValue(String text, int start, int end, Spans spans) {
        int nameEnd = assignedNameEnd(text, start);
        if (nameEnd >= 0 && isSecretName(text, nameStart(text, nameEnd), nameEnd) && isSecretValue(text, start, end)) {
            spans.add(start, end, PiiType.KEY);
            return;
        }
        int eq = start;
        while (eq < end && text.charAt(eq) != '=') {
            eq++;
        }
        if (eq > start && end - eq - 1 >= MIN_ASSIGNED) {
            int from = eq;
            while (from > start && text.charAt(from - 1) != '/' && text.charAt(from - 1) != '+') {
                from--;
            }
            if (isSecretName(text, from, eq) && isSecretValue(text, eq + 1, end)) {
                spans.add(eq + 1, end, PiiType.KEY);
            }
        }
    }

    /**
     * Walks back from a value over an optional quote, blanks, one of {@code = : => :=} and an
     * optional closing quote; returns where the name before it ends, or -1 if there is no such form.
     */
    private static int assignedNameEnd(String text, int valueStart) {
        int p = valueStart - 1;
        if (p >= 0 && isQuote(text.charAt(p))) {
            p--;
        }
        p = skipBlanksBack(text, p);
        if (p < 0) {
            return -1;
        }
        char c = text.charAt(p);
        if (c == '>' && p > 0 && text.charAt(p - 1) == '=') {
            p -= 2;
        } else if (c == '=' && p > 0 && text.charAt(p - 1) == ':') {
            p -= 2;
        } else if (c == '=' || c == ':') {
            p--;
        } else {
            return -1;
        }
        p = skipBlanksBack(text, p);
        if (p >= 0 && isQuote(text.charAt(p))) {
            p--;
        }
        return p >= 0 && isNameChar(text.charAt(p)) ? p + 1 : -1;
    }

    private static int skipBlanksBack(String text, int p) {
        int limit = p - 3;
        while (p >= 0 && p > limit && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p--;
        }
        return p;
    }

    private static int nameStart(String text, int nameEnd) {
        int p = nameEnd;
        while (p > 0 && nameEnd - p < 64 && isNameChar(text.charAt(p - 1))) {
            p--;
        }
        return p;
    }

    /**
     * True when the identifier ends with a secret word at a word boundary: {@code api_key},
     * {@code apiKey}, {@code SECRET}, {@code apikey} — but not {@code monkey} or {@code turkey}.
     */
    static boolean isSecretName(CharSequence text, int start, int end) {
        if (end - start < 3 || end - start > 64) {
            return false;
        }
        String name = text.subSequence(start, end).toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : SECRET_NAMES) {
            if (!lower.endsWith(word)) {
                continue;
            }
            int at = name.length() - word.length();
            if (at == 0) {
                return true;
            }
            char before = name.charAt(at - 1);
            char head = name.charAt(at);
            if (before == '_' || before == '-' || before == '.'
                    || (Character.isUpperCase(head) && !Character.isUpperCase(before))) {
                return true;
            }
        }
        for (String joined : JOINED_SECRET_NAMES) {
            if (lower.endsWith(joined)) {
                return true;
            }
        }
        return false;
    }

    /** Long enough, and not a plain word or placeholder: has a letter plus a digit or mixed case. */
    private static boolean isSecretValue(String text, int start, int end) {
        if (end - start < MIN_ASSIGNED) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return (upper || lower) && (digit || (upper && lower));
    }

    /**
     * Judges a run piece by piece: a non-padding '=' splits it ({@code sig=VALUE} keeps the name),
     * and each piece is judged whole or, failing that, by its '/'-separated parts.
     */
    private static void findHighEntropy(String text, int start, int end, Spans spans) {
        if (end - start < MIN_GENERIC) {
            return;
        }
        int from = start;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == '=' && i + 1 < end && text.charAt(i + 1) != '=') {
                judgePiece(text, from, i, spans);
                from = i + 1;
            }
        }
        judgePiece(text, from, end, spans);
    }

    /**
     * Separators and whole words at either end stay in the text ({@code forms/d/KEY/viewform}),
     * then the rest is one key if it looks random, else each '/'-part that does
     * ({@code files/HASH/download}).
     */
    private static void judgePiece(String text, int start, int end, Spans spans) {
        if (end - start < MIN_GENERIC) {
            return;
        }
        int s = start;
        int e = end;
        while (true) {
            while (s < e && isSeparator(text.charAt(s))) {
                s++;
            }
            int slash = s;
            while (slash < e && isAsciiLetter(text.charAt(slash))) {
                slash++;
            }
            if (slash < e && text.charAt(slash) == '/' && isWord(text, s, slash)) {
                s = slash + 1; // a leading word: "com/", "forms/"
                continue;
            }
            break;
        }
        while (true) {
            while (e > s && isSeparator(text.charAt(e - 1))) {
                e--;
            }
            int slash = e;
            while (slash > s && isAsciiLetter(text.charAt(slash - 1))) {
                slash--;
            }
            if (slash > s && text.charAt(slash - 1) == '/' && isWord(text, slash, e)) {
                e = slash - 1; // a trailing word: "/viewform"
                continue;
            }
            break;
        }
        if (looksRandom(text, s, e)) {
            spans.add(s, e, PiiType.KEY);
            return;
        }
        int part = s;
        for (int i = s; i <= e; i++) {
            if (i == e || text.charAt(i) == '/') {
                if (part > s || i < e) {
                    if (looksRandom(text, part, i)) {
                        spans.add(part, i, PiiType.KEY);
                    }
                }
                part = i + 1;
            }
        }
    }

    /** Letters written as a word: {@code forms}, {@code View}, {@code SPECIALS}; not {@code wJalrX}. */
    private static boolean isWord(String text, int start, int end) {
        if (end <= start) {
            return false;
        }
        boolean upper = true;
        boolean lowerTail = true;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            upper &= c >= 'A' && c <= 'Z';
            lowerTail &= i == start || (c >= 'a' && c <= 'z');
        }
        return upper || lowerTail;
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '-' || c == '_' || c == '+';
    }

    /**
     * True for 32+ characters that look machine-made rather than written:
     * <ul>
     *   <li>hex of one case with letters and digits (hashes, hex secrets), but not hex broken by
     *       dashes (UUIDs and GUIDs identify things, they are not secrets);
     *   <li>otherwise upper case, lower case and digits in short pieces. The text is cut the way
     *       CamelCase is read ({@code Summer}, {@code 2019}, {@code HTML}); written words give
     *       pieces of 3.4+ characters on average, a random key ~1.9, and only 0.1% of random
     *       32-character keys average above {@value #MAX_PIECE_LENGTH}.
     * </ul>
     * Both need many distinct characters (a random 32-character key has 19+ in 99.9% of cases;
     * {@code 1mA/2mA/5mA/10mA...} has few) and at most one separator per ten characters, which
     * base64 meets and paths made of words ({@code 3M/fi_FI/company-ndc}) do not.
     */
    static boolean looksRandom(CharSequence text, int start, int end) {
        int length = end - start;
        if (length < MIN_GENERIC) {
            return false;
        }
        int upper = 0;
        int lower = 0;
        int digit = 0;
        boolean allHex = true;
        long seen = 0;
        int pieces = 0;
        int previous = -1;
        int upperRun = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            int kind;
            if (c >= '0' && c <= '9') {
                digit++;
                kind = 0;
                seen |= 1L << (c - '0');
            } else if (c >= 'a' && c <= 'z') {
                lower++;
                kind = 1;
                allHex &= c <= 'f';
                seen |= 1L << (c - 'a' + 10);
            } else if (c >= 'A' && c <= 'Z') {
                upper++;
                kind = 2;
                allHex &= c <= 'F';
                seen |= 1L << (c - 'A' + 36);
            } else {
                kind = -1;
            }
            if (kind >= 0 && kind != previous) {
                // "Ab" is one piece; in "ABc" the last capital starts the piece "Bc"
                boolean capitalised = kind == 1 && previous == 2 && upperRun == 1;
                pieces += capitalised ? 0 : 1;
            }
            upperRun = kind == 2 ? upperRun + 1 : 0;
            previous = kind;
        }
        int letters = upper + lower;
        int separators = length - letters - digit;
        if (separators * 10 > length) {
            return false;
        }
        int distinct = Long.bitCount(seen);
        if (allHex && (upper == 0 || lower == 0)) {
            return separators == 0 && digit > 0 && letters > 0 && distinct >= MIN_DISTINCT_HEX;
        }
        return upper > 0 && lower > 0 && digit > 0 && letters + digit <= MAX_PIECE_LENGTH * pieces
                && distinct >= MIN_DISTINCT;
    }

    private static boolean isKeyChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
    }

    private static boolean isNameChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    // ---- IP addresses -------------------------------------------------------------------------

    /** An IPv6 address has "::" or seven colons; most text has neither and skips the regex. */
    private static boolean mayHoldIpv6(String text) {
        if (text.contains("::")) {
            return true;
        }
        int colons = 0;
        for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
            if (++colons == 7) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tries the candidate regex only where an address could begin next to a colon: at the hex
     * digits just before it, or at the colon itself for "::". A scanning regex costs several times
     * more, as it tries every position of the text.
     */
    private static void findIpv6(String text, Spans spans) {
        Matcher m = IPV6_CANDIDATE.matcher(text).useTransparentBounds(true);
        int n = text.length();
        int colon = text.indexOf(':');
        while (colon >= 0) {
            int start = colon;
            while (start > 0 && colon - start < 4 && isHex(text.charAt(start - 1))) {
                start--;
            }
            int next = colon + 1;
            if (lookingAt(m, start, n) || (start < colon && lookingAt(m, colon, n))) {
                int end = m.end();
                if (text.charAt(end - 1) == ':' && text.charAt(end - 2) != ':') {
                    end--; // "at fe80::1: the" — the colon belongs to the sentence
                }
                if (end - m.start() <= MAX_IPV6 && validIpv6(text.substring(m.start(), end))) {
                    spans.add(m.start(), end, PiiType.IP_ADDRESS);
                }
                next = Math.max(next, m.end());
            }
            colon = text.indexOf(':', next);
        }
    }

    private static boolean lookingAt(Matcher m, int start, int end) {
        m.region(start, end);
        return m.lookingAt();
    }

    /**
     * Full (8 groups) or compressed (one "::") form, optionally ending in a dotted IPv4 part.
     * Digits are required so hex words ({@code dead::beef}, C++ {@code Add::Face}) stay, and a
     * compressed form needs two groups unless it starts with "::" ({@code ::1}), so {@code 2::} stays.
     */
    static boolean validIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < s.length() && !digit; i++) {
            digit = isDigit(s.charAt(i));
        }
        if (!digit) {
            return false;
        }
        int groups;
        if (gap < 0) {
            groups = countGroups(s, true);
            return groups == 8;
        }
        int left = countGroups(s.substring(0, gap), false);
        int right = countGroups(s.substring(gap + 2), true);
        if (left < 0 || right < 0) {
            return false;
        }
        groups = left + right;
        return groups <= 7 && (groups >= 2 || (gap == 0 && groups == 1));
    }

    /** Groups in a ':'-separated list (an IPv4 tail counts two), or -1 if a group is malformed. */
    private static int countGroups(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.indexOf('.') >= 0) {
                if (!mayEndInIpv4 || i != groups.length - 1 || !validIpv4(g)) {
                    return -1;
                }
                count += 2;
            } else if (g.isEmpty() || g.length() > 4) {
                return -1;
            } else {
                count++;
            }
        }
        return count;
    }

    private static boolean validIpv4(String s) {
        return s.matches(OCTET + "(?:\\." + OCTET + "){3}");
    }

    /** Tries the regex only at numbers followed by a dot and a digit, for the reason given at findIpv6. */
    private static void findIpv4(String text, Spans spans) {
        Matcher m = null;
        int n = text.length();
        int dot = text.indexOf('.', 1);
        while (dot >= 0 && dot + 1 < n) {
            int next = dot + 1;
            if (isDigit(text.charAt(dot - 1)) && isDigit(text.charAt(dot + 1))) {
                int start = dot - 1;
                while (start > 0 && dot - start < 3 && isDigit(text.charAt(start - 1))) {
                    start--;
                }
                if (m == null) {
                    m = IPV4.matcher(text).useTransparentBounds(true);
                }
                if (lookingAt(m, start, n)) {
                    if (plausibleIpv4(text, m.start(), m.end()) && !numberedAfter(text, m.start())) {
                        spans.add(m.start(), m.end(), PiiType.IP_ADDRESS);
                    }
                    next = m.end();
                }
            }
            dot = text.indexOf('.', next);
        }
    }

    /**
     * Outline and version numbers look like addresses: {@code 6.4.5.1} (all one-digit octets, not
     * all equal) and {@code 0.10.18.3} (no host has first octet 0) are skipped, while
     * {@code 8.8.8.8} and {@code 0.0.0.0} stay addresses.
     */
    private static boolean plausibleIpv4(String text, int start, int end) {
        if (text.charAt(start) == '0' && !text.startsWith("0.0.0.0", start)) {
            return false;
        }
        if (end - start != 7) {
            return true; // some octet has two or more digits
        }
        char first = text.charAt(start);
        return text.charAt(start + 2) == first && text.charAt(start + 4) == first && text.charAt(start + 6) == first;
    }

    /** True when the word before {@code at} says the dotted number is a version or a section. */
    private static boolean numberedAfter(String text, int at) {
        int p = at - 1;
        while (p >= 0 && at - p <= 2 && (text.charAt(p) == ' ' || text.charAt(p) == '\u00a0')) {
            p--;
        }
        if (p >= 0 && "§$€£¥#".indexOf(text.charAt(p)) >= 0) {
            return true;
        }
        if (p >= 0 && text.charAt(p) == '.') {
            p--; // "ver. 1.2.3.4", "No. 1.2.3.4"
        }
        int end = p + 1;
        while (p >= 0 && end - p <= 10 && isAsciiLetter(text.charAt(p))) {
            p--;
        }
        return end - p > 1 && NUMBERING_WORDS.contains(text.substring(p + 1, end).toLowerCase(Locale.ROOT));
    }

    // ---- characters ---------------------------------------------------------------------------

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || isDigit(c);
    }

    /**
     * Accepted matches keyed by start. Detectors add in priority order and a match that overlaps
     * an accepted one is dropped, which is what keeps counts honest when detectors disagree.
     */
    private static final class Spans {
        private TreeMap<Integer, int[]> accepted;

        void add(int start, int end, PiiType type) {
            if (end <= start) {
                return;
            }
            if (accepted == null) {
                accepted = new TreeMap<>();
            }
            Map.Entry<Integer, int[]> before = accepted.floorEntry(start);
            if (before != null && before.getValue()[0] > start) {
                return;
            }
            Map.Entry<Integer, int[]> after = accepted.ceilingEntry(start);
            if (after != null && after.getKey() < end) {
                return;
            }
            accepted.put(start, new int[] {end, type.ordinal()});
        }

        Redaction apply(String text) {
            if (accepted == null) {
                return Redaction.unchanged(text);
            }
            PiiType[] types = PiiType.values();
            int[] counts = new int[types.length];
            StringBuilder out = new StringBuilder(text.length());
            int last = 0;
            for (Map.Entry<Integer, int[]> e : accepted.entrySet()) {
                PiiType type = types[e.getValue()[1]];
                out.append(text, last, e.getKey()).append(type.tag());
                last = e.getValue()[0];
                counts[type.ordinal()]++;
            }
            out.append(text, last, text.length());
            Map<PiiType, Integer> byType = new EnumMap<>(PiiType.class);
            for (PiiType type : types) {
                byType.put(type, counts[type.ordinal()]);
            }
            return new Redaction(out.toString(), byType);
        }
    }
}
