package org.certvpn.onboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A structural reading of the PowerShell scripts we generate, for machines without {@code pwsh}
 * (Debian does not package it): tokens per line (single-quoted strings with doubled quotes,
 * double-quoted strings, variables, parameters, words, punctuation), comments, and the commands with
 * their parameters. It is not a PowerShell parser; it covers the subset {@link WindowsScript} writes
 * and refuses anything else, so a change there that leaves the subset fails the test.
 */
final class PowerShellStructure {
    enum Kind { WORD, VARIABLE, PARAMETER, SINGLE_QUOTED, DOUBLE_QUOTED, PUNCT, NUMBER }

    record Token(Kind kind, String text) {}

    /** One command call: {@code Name -Param value ...}; a switch has the value {@code null}. */
    record Command(int line, String name, Map<String, List<Token>> parameters, List<Token> positional) {}

    final List<String> comments = new ArrayList<>();
    final List<List<Token>> lines = new ArrayList<>();
    final List<Command> commands = new ArrayList<>();

    static PowerShellStructure read(String script) {
        PowerShellStructure s = new PowerShellStructure();
        int depth = 0;
        String[] raw = script.split("\r\n", -1);
        for (int n = 0; n < raw.length; n++) {
            List<Token> tokens = s.tokenize(raw[n], n + 1);
            s.lines.add(tokens);
            for (Token t : tokens) {
                if (t.kind() == Kind.PUNCT && (t.text().equals("(") || t.text().equals("{"))) {
                    depth++;
                } else if (t.kind() == Kind.PUNCT && (t.text().equals(")") || t.text().equals("}"))) {
                    if (--depth < 0) {
                        throw new IllegalArgumentException("line " + (n + 1) + ": unbalanced " + t.text());
                    }
                }
            }
            s.commandsOf(tokens, n + 1);
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced brackets at the end of the script");
        }
        return s;
    }

    private List<Token> tokenize(String line, int n) {
        if (line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("line " + n + ": a bare CR or LF (lines must end with CRLF)");
        }
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '#') {
                comments.add(line.substring(i));
                break;
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("line " + n + ": unterminated single-quoted string");
                    }
                    char q = line.charAt(i);
                    if (isSingleQuote(q)) {
                        if (i + 1 < line.length() && isSingleQuote(line.charAt(i + 1))) {
                            sb.append(q);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(q);
                    i++;
                }
                out.add(new Token(Kind.SINGLE_QUOTED, sb.toString()));
            } else if (c == '"') {
                int end = i + 1;
                while (end < line.length() && line.charAt(end) != '"') {
                    end += line.charAt(end) == '`' ? 2 : 1;
                }
                if (end >= line.length()) {
                    throw new IllegalArgumentException("line " + n + ": unterminated double-quoted string");
                }
                out.add(new Token(Kind.DOUBLE_QUOTED, line.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '$') {
                int end = i + 1;
                while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_'
                        || line.charAt(end) == '.')) {
                    end++;
                }
                out.add(new Token(Kind.VARIABLE, line.substring(i + 1, end)));
                i = end;
            } else if (c == '-' && i + 1 < line.length() && Character.isLetter(line.charAt(i + 1))) {
                int end = i + 1;
                while (end < line.length() && Character.isLetterOrDigit(line.charAt(end))) {
                    end++;
                }
                out.add(new Token(Kind.PARAMETER, line.substring(i + 1, end)));
                i = end;
            } else if ("(){}[]|=,".indexOf(c) >= 0) {
                out.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < line.length() && Character.isDigit(line.charAt(end))) {
                    end++;
                }
                out.add(new Token(Kind.NUMBER, line.substring(i, end)));
                i = end;
            } else if (Character.isLetter(c) || c == '.') {
                int end = i;
                while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || "-.\\:_".indexOf(line.charAt(end)) >= 0)) {
                    end++;
                }
                out.add(new Token(Kind.WORD, line.substring(i, end)));
                i = end;
            } else {
                throw new IllegalArgumentException("line " + n + ": unexpected character '" + c + "' in: " + line);
            }
        }
        return out;
    }

    /** PowerShell takes the typographic single quotes as quote characters too. */
    private static boolean isSingleQuote(char c) {
        return c == '\'' || c >= '\u2018' && c <= '\u201B';
    }

    /** A command starts with a Verb-Noun word at the start of a line, after a pipe, an opening bracket or an assignment. */
    private void commandsOf(List<Token> tokens, int line) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean start = i == 0 || tokens.get(i - 1).kind() == Kind.PUNCT
                    && List.of("|", "(", "{", "=").contains(tokens.get(i - 1).text());
            if (!start || t.kind() != Kind.WORD || !t.text().matches("[A-Z][a-z]+-[A-Za-z]+")) {
                continue;
            }
            Map<String, List<Token>> params = new LinkedHashMap<>();
            List<Token> positional = new ArrayList<>();
            String current = null;
            int j = i + 1;
            int nested = 0;
            for (; j < tokens.size(); j++) {
                Token a = tokens.get(j);
                if (a.kind() == Kind.PUNCT && a.text().equals("(")) {
                    nested++;
                } else if (a.kind() == Kind.PUNCT && a.text().equals(")")) {
                    if (nested == 0) {
                        break;
                    }
                    nested--;
                    continue;
                }
                if (nested > 0) {
                    if (current != null) {
                        params.get(current).add(a);
                    }
                    continue;
                }
                if (a.kind() == Kind.PUNCT && (a.text().equals("|") || a.text().equals("{") || a.text().equals("}"))) {
                    break;
                }
                if (a.kind() == Kind.PARAMETER) {
                    current = a.text();
                    if (params.containsKey(current)) {
                        throw new IllegalArgumentException("line " + line + ": -" + current + " given twice");
                    }
                    params.put(current, new ArrayList<>());
                } else if (current != null && params.get(current).isEmpty()) {
                    params.get(current).add(a);
                } else {
                    current = null;
                    positional.add(a);
                }
            }
            commands.add(new Command(line, t.text(), params, positional));
        }
    }
}
