package io.sparkllm.datasets.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three small programming problems written out in the HumanEval-X record format for Python, C++,
 * Java, JavaScript and Go (same fields per language as the published files), so the demo can
 * exercise problem preparation and the executor offline. Every canonical solution passes its test.
 */
public final class SampleProblems {
    public static final List<String> LANGUAGES = List.of("python", "cpp", "java", "js", "go");

    private SampleProblems() {
    }

    /** The records for one language, in task order. */
    public static List<Map<String, String>> forLanguage(String language) {
        return switch (language) {
            case "python" -> python();
            case "cpp" -> cpp();
            case "java" -> java();
            case "js" -> javascript();
            case "go" -> go();
            default -> throw new IllegalArgumentException("no sample problems for language " + language);
        };
    }

    private static Map<String, String> record(String taskId, String prompt, String declaration, String solution,
                                              String test, String exampleTest) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("task_id", taskId);
        r.put("prompt", prompt);
        r.put("canonical_solution", solution);
        r.put("test", test);
        r.put("declaration", declaration);
        r.put("example_test", exampleTest);
        return r;
    }

    private static List<Map<String, String>> python() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(withText(record("Python/0", """


                def add(x: int, y: int) -> int:
                    \"\"\" Return the sum of x and y.
                    >>> add(2, 3)
                    5
                    \"\"\"
                """, "def add(x: int, y: int) -> int:\n", "    return x + y\n", """


                METADATA = {}


                def check(add):
                    assert add(0, 1) == 1
                    assert add(2, 3) == 5
                    assert add(-7, 7) == 0

                check(add)""", "def check(add):\n    assert add(2, 3) == 5\ncheck(add)\n"),
                "Return the sum of x and y."));
        out.add(withText(record("Python/1", """


                def count_vowels(s: str) -> int:
                    \"\"\" Count the vowels (a, e, i, o, u, in either case) in s.
                    >>> count_vowels('Hello World')
                    3
                    \"\"\"
                """, "def count_vowels(s: str) -> int:\n",
                "    return sum(1 for c in s.lower() if c in 'aeiou')\n", """


                METADATA = {}


                def check(count_vowels):
                    assert count_vowels('Hello World') == 3
                    assert count_vowels('') == 0
                    assert count_vowels('AEIOU xyz') == 5

                check(count_vowels)""",
                "def check(count_vowels):\n    assert count_vowels('Hello World') == 3\ncheck(count_vowels)\n"),
                "Count the vowels (a, e, i, o, u, in either case) in s."));
        out.add(withText(record("Python/2", """


                def is_palindrome(text: str) -> bool:
                    \"\"\" Tell whether text reads the same forwards and backwards.
                    >>> is_palindrome('level')
                    True
                    \"\"\"
                """, "def is_palindrome(text: str) -> bool:\n", "    return text == text[::-1]\n", """


                METADATA = {}


                def check(is_palindrome):
                    assert is_palindrome('level') == True
                    assert is_palindrome('') == True
                    assert is_palindrome('abca') == False

                check(is_palindrome)""",
                "def check(is_palindrome):\n    assert is_palindrome('level') == True\ncheck(is_palindrome)\n"),
                "Tell whether text reads the same forwards and backwards."));
        return out;
    }

    private static List<Map<String, String>> cpp() {
        String head = "#include<stdio.h>\n#include<string>\nusing namespace std;\n";
        String declHead = head + "#include<algorithm>\n#include<stdlib.h>\n";
        List<Map<String, String>> out = new ArrayList<>();
        out.add(record("CPP/0", "/*\nReturn the sum of x and y.\n>>> add(2, 3)\n5\n*/\n" + head + "int add(int x,int y){\n",
                declHead + "int add(int x,int y){\n", "    return x+y;\n}\n",
                "#undef NDEBUG\n#include<assert.h>\nint main(){\n    assert (add(0,1)==1);\n    assert (add(2,3)==5);\n"
                        + "    assert (add(-7,7)==0);\n}\n",
                "#undef NDEBUG\n#include<assert.h>\nint main(){\n    assert (add(2,3)==5);\n}\n"));
        out.add(record("CPP/1", "/*\nCount the vowels (a, e, i, o, u, in either case) in s.\n>>> count_vowels(\"Hello World\")\n3\n*/\n"
                        + head + "int count_vowels(string s){\n",
                declHead + "int count_vowels(string s){\n",
                "    int n=0;\n    for (char c: s){\n        char l=tolower(c);\n"
                        + "        if (l=='a' or l=='e' or l=='i' or l=='o' or l=='u') n+=1;\n    }\n    return n;\n}\n",
                "#undef NDEBUG\n#include<assert.h>\nint main(){\n    assert (count_vowels(\"Hello World\")==3);\n"
                        + "    assert (count_vowels(\"\")==0);\n    assert (count_vowels(\"AEIOU xyz\")==5);\n}\n",
                "#undef NDEBUG\n#include<assert.h>\nint main(){\n    assert (count_vowels(\"Hello World\")==3);\n}\n"));
        out.add(record("CPP/2", "/*\nTell whether text reads the same forwards and backwards.\n>>> is_palindrome(\"level\")\ntrue\n*/\n"
                        + head + "bool is_palindrome(string text){\n",
                declHead + "bool is_palindrome(string text){\n",
                "    return string(text.rbegin(),text.rend())==text;\n}\n",
                "#undef NDEBUG\n#include<assert.h>\nint main(){\n    assert (is_palindrome(\"level\")==true);\n"
                        + "    assert (is_palindrome(\"\")==true);\n    assert (is_palindrome(\"abca\")==false);\n}\n",
                "#undef NDEBUG\n#include<assert.h>\nint main(){\n    assert (is_palindrome(\"level\")==true);\n}\n"));
        return out;
    }

    private static List<Map<String, String>> java() {
        String head = "import java.util.*;\nimport java.lang.*;\n\nclass Solution {\n";
        List<Map<String, String>> out = new ArrayList<>();
        out.add(withText(record("Java/0",
                head + "    /**\n    Return the sum of x and y.\n    >>> add(2, 3)\n    5\n     */\n    public int add(int x, int y) {\n",
                head + "    public int add(int x, int y) {\n", "        return x + y;\n    }\n}",
                javaMain("s.add(0, 1) == 1,\n            s.add(2, 3) == 5,\n            s.add(-7, 7) == 0"),
                javaMain("s.add(2, 3) == 5")), "Return the sum of x and y."));
        out.add(withText(record("Java/1",
                head + "    /**\n    Count the vowels (a, e, i, o, u, in either case) in s.\n    >>> countVowels(\"Hello World\")\n"
                        + "    3\n     */\n    public int countVowels(String s) {\n",
                head + "    public int countVowels(String s) {\n",
                "        int n = 0;\n        for (char c : s.toLowerCase().toCharArray()) {\n"
                        + "            if (\"aeiou\".indexOf(c) >= 0) {\n                n += 1;\n            }\n        }\n"
                        + "        return n;\n    }\n}",
                javaMain("s.countVowels(\"Hello World\") == 3,\n            s.countVowels(\"\") == 0,\n"
                        + "            s.countVowels(\"AEIOU xyz\") == 5"),
                javaMain("s.countVowels(\"Hello World\") == 3")),
                "Count the vowels (a, e, i, o, u, in either case) in s."));
        out.add(withText(record("Java/2",
                head + "    /**\n    Tell whether text reads the same forwards and backwards.\n    >>> isPalindrome(\"level\")\n"
                        + "    true\n     */\n    public boolean isPalindrome(String text) {\n",
                head + "    public boolean isPalindrome(String text) {\n",
                "        return new StringBuilder(text).reverse().toString().equals(text);\n    }\n}",
                javaMain("s.isPalindrome(\"level\"),\n            s.isPalindrome(\"\"),\n            !s.isPalindrome(\"abca\")"),
                javaMain("s.isPalindrome(\"level\")")),
                "Tell whether text reads the same forwards and backwards."));
        return out;
    }

    private static String javaMain(String checks) {
        return "public class Main {\n    public static void main(String[] args) {\n        Solution s = new Solution();\n"
                + "        List<Boolean> correct = Arrays.asList(\n            " + checks + "\n        );\n"
                + "        if (correct.contains(false)) {\n            throw new AssertionError();\n        }\n    }\n}";
    }

    private static List<Map<String, String>> javascript() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(record("JavaScript/0", "/* Return the sum of x and y.\n  >>> add(2, 3)\n  5\n  */\nconst add = (x, y) => {\n",
                "\nconst add = (x, y) => {\n", "  return x + y;\n}\n\n",
                "const testAdd = () => {\n  console.assert(add(0, 1) === 1)\n  console.assert(add(2, 3) === 5)\n"
                        + "  console.assert(add(-7, 7) === 0)\n}\n\ntestAdd()\n",
                "const testAdd = () => {\n  console.assert(add(2, 3) === 5)\n}\ntestAdd()\n"));
        out.add(record("JavaScript/1", "/* Count the vowels (a, e, i, o, u, in either case) in s.\n"
                        + "  >>> countVowels('Hello World')\n  3\n  */\nconst countVowels = (s) => {\n",
                "\nconst countVowels = (s) => {\n",
                "  return [...s.toLowerCase()].filter((c) => 'aeiou'.includes(c)).length;\n}\n\n",
                "const testCountVowels = () => {\n  console.assert(countVowels('Hello World') === 3)\n"
                        + "  console.assert(countVowels('') === 0)\n  console.assert(countVowels('AEIOU xyz') === 5)\n}\n\n"
                        + "testCountVowels()\n",
                "const testCountVowels = () => {\n  console.assert(countVowels('Hello World') === 3)\n}\ntestCountVowels()\n"));
        out.add(record("JavaScript/2", "/* Tell whether text reads the same forwards and backwards.\n"
                        + "  >>> isPalindrome('level')\n  true\n  */\nconst isPalindrome = (text) => {\n",
                "\nconst isPalindrome = (text) => {\n", "  return [...text].reverse().join('') === text;\n}\n\n",
                "const testIsPalindrome = () => {\n  console.assert(isPalindrome('level') === true)\n"
                        + "  console.assert(isPalindrome('') === true)\n  console.assert(isPalindrome('abca') === false)\n}\n\n"
                        + "testIsPalindrome()\n",
                "const testIsPalindrome = () => {\n  console.assert(isPalindrome('level') === true)\n}\ntestIsPalindrome()\n"));
        return out;
    }

    private static List<Map<String, String>> go() {
        String testSetup = "package main\n\nimport (\n    \"testing\"\n    \"github.com/stretchr/testify/assert\"\n)\n";
        List<Map<String, String>> out = new ArrayList<>();
        out.add(goRecord("Go/0", "", "// Return the sum of x and y.\n// >>> Add(2, 3)\n// 5\n",
                "func Add(x int, y int) int {\n", "    return x + y\n}\n\n",
                "    assert.Equal(1, Add(0, 1))\n    assert.Equal(5, Add(2, 3))\n    assert.Equal(0, Add(-7, 7))\n",
                "    assert.Equal(5, Add(2, 3))\n", "Add", testSetup));
        out.add(goRecord("Go/1", "import (\n    \"strings\"\n)\n",
                "// Count the vowels (a, e, i, o, u, in either case) in s.\n// >>> CountVowels(\"Hello World\")\n// 3\n",
                "func CountVowels(s string) int {\n",
                "    n := 0\n    for _, c := range strings.ToLower(s) {\n        if strings.ContainsRune(\"aeiou\", c) {\n"
                        + "            n++\n        }\n    }\n    return n\n}\n\n",
                "    assert.Equal(3, CountVowels(\"Hello World\"))\n    assert.Equal(0, CountVowels(\"\"))\n"
                        + "    assert.Equal(5, CountVowels(\"AEIOU xyz\"))\n",
                "    assert.Equal(3, CountVowels(\"Hello World\"))\n", "CountVowels", testSetup));
        out.add(goRecord("Go/2", "",
                "// Tell whether text reads the same forwards and backwards.\n// >>> IsPalindrome(\"level\")\n// true\n",
                "func IsPalindrome(text string) bool {\n",
                "    runes := []rune(text)\n    for i, j := 0, len(runes)-1; i < j; i, j = i+1, j-1 {\n"
                        + "        if runes[i] != runes[j] {\n            return false\n        }\n    }\n    return true\n}\n\n",
                "    assert.Equal(true, IsPalindrome(\"level\"))\n    assert.Equal(true, IsPalindrome(\"\"))\n"
                        + "    assert.Equal(false, IsPalindrome(\"abca\"))\n",
                "    assert.Equal(true, IsPalindrome(\"level\"))\n", "IsPalindrome", testSetup));
        return out;
    }

    private static Map<String, String> goRecord(String taskId, String imports, String docstring, String signature,
                                                String solution, String asserts, String exampleAsserts,
                                                String function, String testSetup) {
        String importBlock = imports.isEmpty() ? "" : imports + "\n";
        String test = "func Test" + function + "(t *testing.T) {\n    assert := assert.New(t)\n" + asserts + "}\n";
        String example = "func Test" + function + "(t *testing.T) {\n    assert := assert.New(t)\n" + exampleAsserts + "}\n";
        Map<String, String> r = record(taskId, importBlock + docstring + signature, "\n" + signature, solution, test,
                example);
        r.put("import", imports);
        r.put("docstring", docstring);
        r.put("test_setup", testSetup);
        return r;
    }

    private static Map<String, String> withText(Map<String, String> record, String text) {
        record.put("text", text);
        return record;
    }
}
