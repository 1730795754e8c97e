package io.heal8s.engine.gitops.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;

class HermeticGitTest {

    @Test
    void jgitReadsNoHostConfigurationOnceInstalled() throws Exception {
        HermeticGit.install();
        SystemReader installed = SystemReader.getInstance();
        HermeticGit.install();

        assertThat(SystemReader.getInstance()).as("idempotent").isSameAs(installed);
        // Whatever the machine's /etc/gitconfig and ~/.gitconfig say (a url.insteadOf, a credential helper, a user),
        // heal8s' JGit sees none of it. (The sections left are JGit's own file-system measurements, the base of both.)
        for (var config : java.util.List.of(installed.getSystemConfig(), installed.getUserConfig())) {
            assertThat(config.getSections()).doesNotContain("user", "url", "credential", "http", "core", "include");
        }
    }
}
