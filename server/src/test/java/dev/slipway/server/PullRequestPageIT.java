package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pull request pages in headless Chromium: open one from the compare form, approve as another user, merge. */
class PullRequestPageIT {
    @TempDir
    static Path dir;

    private static TestServer server;
    private static WebDriver browser;
    private static String dave;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        dave = server.userWithToken("dave");
        server.userWithToken("erin");
        assertThat(server.http
                        .post("/api/v3/user/repos", "{\"name\":\"app\"}", Http.token(dave))
                        .status())
                .isEqualTo(201);
        assertThat(server.http
                        .put("/api/v3/repos/dave/app/collaborators/erin", "{}", Http.token(dave))
                        .status())
                .isEqualTo(204);
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        git.initAndCommit(work, "app.txt", "one\ntwo\n");
        git.run(work, "checkout", "-q", "-b", "feature").ok();
        git.commit(work, "Say three", "app.txt", "one\ntwo\nthree\n");
        git.run(work, "push", "-q", server.cloneUrl("dave/app", Optional.of(dave)), "main", "feature")
                .ok();
        var rule = server.http.put(
                "/api/v3/repos/dave/app/branches/main/protection",
                "{\"required_pull_request_reviews\": {\"required_approving_review_count\": 1}, \"enforce_admins\": true}",
                Http.token(dave));
        assertThat(rule.status()).as(rule.body()).isEqualTo(200);

        var options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        server.close();
    }

    @Test
    void openApproveAsAnotherUserAndMerge() {
        signIn("dave");
        browser.get(server.server.url() + "/dave/app/pulls");
        browser.findElement(By.linkText("New pull request")).click();
        new Select(browser.findElement(By.id("head"))).selectByValue("feature");
        browser.findElement(By.id("title")).sendKeys("Say three");
        browser.findElement(By.id("create")).click();
        // The click returns before the form's POST and redirect finish on a loaded machine; a create that fails
        // stays on the compare page and times out here.
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> Optional.ofNullable(d.getCurrentUrl()).orElse("").endsWith("/dave/app/pull/1"));
        assertThat(text("merge-box")).contains("Merging is blocked", "1 approving review is required");
        assertThat(browser.findElements(By.id("approve")))
                .as("authors cannot review their own")
                .isEmpty();

        browser.findElement(By.linkText("Files changed 1")).click();
        assertThat(browser.findElement(By.cssSelector("table.udiff tr.add")).getText())
                .contains("three");
        assertThat(browser.findElement(By.cssSelector(".file-tree")).getText()).contains("app.txt");

        browser.get(server.server.url() + "/dave/app/pulls");
        browser.findElement(By.linkText("Branch protection")).click();
        assertThat(browser.findElement(By.cssSelector("section.rule")).getText())
                .contains("main", "Pull request required, 1 approval");
        browser.findElement(By.id("pattern")).sendKeys("release/*");
        browser.findElement(By.id("checks")).sendKeys("build");
        browser.findElement(By.id("save-rule")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector("section.rule")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("section.rule")))
                .extracting(e -> e.getText())
                .anySatisfy(t -> assertThat(t).contains("release/*", "Required checks: build"));
        var rule = server.http.get("/api/v3/repos/dave/app/branches/release/*/protection", Http.token(dave));
        assertThat(rule.json()
                        .get("required_status_checks")
                        .get("contexts")
                        .get(0)
                        .asText())
                .isEqualTo("build");

        signOut();
        signIn("erin");
        browser.get(server.server.url() + "/dave/app/settings/branches");
        assertThat(browser.getPageSource()).doesNotContain("Save rule"); // administrators only
        browser.get(server.server.url() + "/dave/app/pull/1");
        browser.findElement(By.id("approve")).click();
        browser.findElement(By.id("review-body")).sendKeys("Looks good");
        browser.findElement(By.id("submit-review")).click();
        assertThat(browser.findElement(By.cssSelector(".comment.approved")).getText())
                .contains("erin", "approved these changes", "Looks good");
        assertThat(text("merge-box")).contains("Ready to merge").doesNotContain("blocked");

        new Select(browser.findElement(By.id("merge-method"))).selectByValue("squash");
        browser.findElement(By.id("merge")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.id("merged")).isEmpty());
        assertThat(text("pr-state")).isEqualTo("Merged");

        var main = server.http
                .get("/api/v3/repos/dave/app/commits/main", Http.token(dave))
                .json();
        assertThat(main.get("commit").get("message").asText()).startsWith("Say three (#1)");
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void signIn(String login) {
        browser.get(server.server.url() + "/login");
        browser.findElement(By.name("login")).sendKeys(login);
        browser.findElement(By.name("password")).sendKeys(login + "-password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector(".top .who")).isEmpty());
    }

    private static void signOut() {
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.linkText("Sign in")).isEmpty());
    }
}
