package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class ReposContract extends StoreContract {

    @Test
    void createsAndFindsByOwnerAndNameIgnoringCase() {
        var owner = user("Octo");
        var repo = db.repos().create(owner.id(), "Hello-World", "greets", true, "trunk");
        assertThat(repo.fullName()).isEqualTo("Octo/Hello-World");
        assertThat(repo)
                .extracting(Repo::isPrivate, Repo::defaultBranch, Repo::description)
                .containsExactly(true, "trunk", "greets");
        assertThat(db.repos().find("octo", "hello-world")).contains(repo);
        assertThat(db.repos().find(repo.id())).contains(repo);
        assertThat(db.repos().find("octo", "other")).isEmpty();
    }

    @Test
    void namesAreUniquePerOwnerIgnoringCase() {
        var a = user("a");
        var b = user("b");
        repo(a, "tool");
        assertThatThrownBy(() -> repo(a, "TOOL"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("exists");
        assertThat(repo(b, "tool").ownerLogin()).isEqualTo("b");
        assertThatThrownBy(() -> repo(a, "..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repo(a, "x.git")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ownerIsAdminAndMembersHaveTheirRole() {
        var owner = user("owner");
        var dev = user("dev");
        var stranger = user("stranger");
        var repo = repo(owner, "r");
        db.repos().setMember(repo.id(), dev.id(), Role.READ);
        db.repos().setMember(repo.id(), dev.id(), Role.WRITE);
        assertThat(db.repos().role(repo.id(), owner.id())).contains(Role.ADMIN);
        assertThat(db.repos().role(repo.id(), dev.id())).contains(Role.WRITE);
        assertThat(db.repos().role(repo.id(), stranger.id())).isEmpty();
        assertThat(db.repos().members(repo.id())).containsExactly(new Member(repo.id(), dev.id(), "dev", Role.WRITE));
        assertThat(Role.WRITE.allows(Role.READ)).isTrue();
        assertThat(Role.WRITE.allows(Role.ADMIN)).isFalse();
        assertThat(db.repos().removeMember(repo.id(), dev.id())).isTrue();
        assertThat(db.repos().role(repo.id(), dev.id())).isEmpty();
    }

    @Test
    void privateRepositoriesAreListedOnlyForOwnerAndMembers() {
        var owner = user("owner");
        var member = user("member");
        var other = user("other");
        var open = repo(owner, "open");
        var secret = db.repos().create(owner.id(), "secret", "", true, "main");
        db.repos().setMember(secret.id(), member.id(), Role.READ);
        var page = Page.first(10);
        assertThat(db.repos().listVisibleTo(Optional.of(owner.id()), page)).containsExactly(open, secret);
        assertThat(db.repos().listVisibleTo(Optional.of(member.id()), page)).containsExactly(open, secret);
        assertThat(db.repos().listVisibleTo(Optional.of(other.id()), page)).containsExactly(open);
        assertThat(db.repos().listVisibleTo(Optional.empty(), page)).containsExactly(open);
        assertThat(db.repos().listByOwner(owner.id(), Page.of(2, 1))).containsExactly(secret);
    }

    @Test
    void updatesAndDeletesWithEverythingBelongingToTheRepository() {
        var repo = repo();
        assertThat(db.repos().update(repo.id(), "new text", true, "dev")).isTrue();
        assertThat(db.repos().find(repo.id()).orElseThrow())
                .extracting(Repo::description, Repo::isPrivate, Repo::defaultBranch)
                .containsExactly("new text", true, "dev");
        var run = run(repo);
        var job = job(run, "build", java.util.List.of("linux"));
        db.queue().enqueue(job.id());
        assertThat(db.repos().delete(repo.id())).isTrue();
        assertThat(db.runs().find(run.id())).isEmpty();
        assertThat(db.jobs().find(job.id())).isEmpty();
        assertThat(db.queue().size()).isZero();
        assertThat(db.repos().delete(repo.id())).isFalse();
    }
}
