package io.heal8s.engine.gitops.git;

import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.playbook.GitOpsSpec;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * A Git remote as {@code spec.github.repository} names it ({@code https://…}, {@code ssh://…}, {@code file://…} or
 * {@code git@host:path}), with the form that may be shown: the URL without its user info, since an HTTPS URL may carry
 * a token ({@code https://user:token@host/…}). Every message heal8s writes about a remote uses {@link #display()}.
 *
 * @param url the URL as configured, credentials included; only ever handed to JGit
 * @param display the URL without user info for {@code scheme://} URLs ({@code git@host:path} keeps its user, which
 *     is never a secret)
 * @param ssh whether the remote is reached over SSH
 */
record GitRemote(String url, URIish uri, String display, boolean ssh) {

    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]*@");

    /**
     * Parses and checks a repository URL.
     *
     * @throws GitOpsException permanent, reason {@code InvalidRepository}, when it is not a Git URL (an
     *     {@code owner/name} is a GitHub repository, for the GitHub publisher)
     */
    static GitRemote parse(String repository) {
        String display = redact(repository);
        try {
            GitOpsSpec.checkRepository(repository);
        } catch (IllegalArgumentException e) {
            throw GitOpsException.permanent("InvalidRepository", "repository '" + display + "' is not a Git URL "
                    + "(https://…, ssh://…, file://…, git@host:path)");
        }
        if (!repository.contains(":")) {
            throw GitOpsException.permanent("InvalidRepository", "repository '" + display + "' is a GitHub owner/name, "
                    + "not a Git URL: the plain Git target needs https://…, ssh://…, file://… or git@host:path");
        }
        URIish uri;
        try {
            uri = new URIish(repository);
        } catch (URISyntaxException e) {
            throw GitOpsException.permanent("InvalidRepository", "repository '" + display + "' is not a Git URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean ssh = scheme.equals("ssh") || scheme.isEmpty() && uri.getHost() != null;
        return new GitRemote(repository, uri, display, ssh);
    }

    /** {@code text} with the user info of every {@code scheme://user:password@} removed. */
    static String redact(String text) {
        return text == null ? null : USERINFO.matcher(text).replaceAll("$1");
    }

    /** The name of this remote's local clone: a hash of the displayed URL, so credentials never reach the disk. */
    String cloneName() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(display.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return display;
    }
}
