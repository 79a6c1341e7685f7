package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GitCli;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in headless Chromium (Debian's chromium and chromedriver): sign in, push with git, watch the run page
 * turn green by itself, read a job's log, download an artifact, dispatch a workflow through its inputs form. Without
 * Chromium the test is skipped on a developer machine and fails under CI=true. Screenshots of each page land in
 * {@code target/ui-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofMinutes(3);
    /** The test jobs wait (60 s at most) for the test to create their gate file, so the test sees them running. */
    private static final String WORKFLOW = """
            name: ci
            on:
              push:
              workflow_dispatch:
                inputs:
                  greeting:
                    description: What to say
                    default: hello
                  level:
                    type: choice
                    options: [low, high]
                    default: low
                  loud:
                    type: boolean
                    default: false
                  count:
                    type: number
                    default: 1
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "Building version 1.0"
                      mkdir -p out && printf 'artifact payload 42\\n' > out/payload.txt
                  - uses: actions/upload-artifact@v4
                    with:
                      name: payload
                      path: out/payload.txt
              test:
                needs: build
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      echo "say ${{ inputs.greeting }} level=${{ inputs.level }} loud=${{ inputs.loud }} count=${{ inputs.count }}"
                      for i in $(seq 1 600); do [ -f "GATE-${{ github.event_name }}" ] && break; sleep 0.1; done
            """;

    @TempDir
    static Path dir;

    private static TestServer server;
    private static WebDriver browser;
    private static Path downloads;
    private static Path screenshots;
    private static String firstRunUrl;

    @BeforeAll
    static void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("headless Chromium is required under CI=true: install Debian's chromium and"
                    + " chromium-driver (./run-tests does)");
        }
        Assumptions.assumeTrue(present, "Chromium or chromedriver is not installed");
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"shop\",\"private\":true}", server.admin());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        downloads = Files.createDirectories(dir.resolve("downloads"));
        screenshots = Files.createDirectories(Path.of("target", "ui-screenshots"));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void signingInShowsThePrivateRepository() throws IOException {
        browser.get(server.server.url() + "/");
        assertThat(browser.findElements(By.cssSelector("a[href='/root/shop']"))).isEmpty();
        browser.findElement(By.linkText("Sign in")).click();
        browser.findElement(By.name("login")).sendKeys(TestServer.ADMIN);
        browser.findElement(By.name("password")).sendKeys(TestServer.ADMIN_PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[href='/root/shop']")));
        assertThat(browser.findElement(By.className("who")).getText()).isEqualTo(TestServer.ADMIN);
        shot("home");
    }

    @Test
    @Order(2)
    void aPushedWorkflowsRunPageTurnsGreenByItself() throws IOException {
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        var workflow = WORKFLOW.replace("GATE-", dir.resolve("gate-").toString());
        git.initAndCommit(work, ".github/workflows/ci.yml", workflow, "README.md", "# Shop\n\nSells *things*.\n");
        git.run(work, "push", "-q", server.cloneUrl("root/shop", Optional.of(token())), "main")
                .ok();
        browser.get(server.server.url() + "/root/shop");
        assertThat(browser.findElement(By.cssSelector("article.markdown h1")).getText())
                .isEqualTo("Shop");
        shot("repo");
        browser.findElement(By.linkText("Actions")).click();
        click(By.cssSelector("a.run-title"));
        firstRunUrl = browser.getCurrentUrl();
        var before = text(By.id("run-state"));
        assertThat(before)
                .as("the run should still be going when its page opens")
                .isNotEqualTo("success");
        shot("run-live");
        Files.createFile(dir.resolve("gate-push"));
        // No reload here: the page follows the run's event stream.
        await().until(ExpectedConditions.textToBe(By.id("run-state"), "success"));
        assertThat(browser.findElement(By.cssSelector(".summary")).getAttribute("class"))
                .contains("success");
        assertThat(browser.findElements(By.cssSelector(".graph .node"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector(".graph svg.edges path")))
                .hasSize(1);
        shot("run-done");
    }

    @Test
    @Order(3)
    void aJobsLogShowsItsOutput() throws IOException {
        browser.get(firstRunUrl);
        click(By.partialLinkText("build"));
        var line = await().until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//div[contains(@class,'line')]/span[contains(.,'Building version 1.0')]")));
        assertThat(line.isDisplayed()).isTrue();
        shot("job-log");
    }

    @Test
    @Order(4)
    void theArtifactDownloadsWithItsBytes() throws IOException {
        browser.get(firstRunUrl);
        click(By.linkText("payload"));
        var zip = downloads.resolve("payload.zip");
        await().until(d -> Files.isRegularFile(zip) && !Files.exists(downloads.resolve("payload.zip.crdownload")));
        try (var in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
            var entry = in.getNextEntry();
            assertThat(entry).isNotNull();
            assertThat(entry.getName()).isEqualTo("payload.txt");
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("artifact payload 42\n");
        }
    }

    @Test
    @Order(5)
    void dispatchingThroughTheFormRunsWithTheTypedInputs() throws IOException {
        browser.get(server.server.url() + "/root/shop/actions");
        browser.findElement(By.linkText("Run workflow")).click();
        var greeting = browser.findElement(By.name("input.greeting"));
        assertThat(greeting.getAttribute("value")).isEqualTo("hello");
        greeting.clear();
        greeting.sendKeys("howdy");
        new Select(browser.findElement(By.name("input.level"))).selectByVisibleText("high");
        var loud = browser.findElement(By.name("input.loud"));
        assertThat(loud.isSelected()).isFalse();
        loud.click();
        var count = browser.findElement(By.name("input.count"));
        assertThat(count.getAttribute("type")).isEqualTo("number");
        count.clear();
        count.sendKeys("3");
        shot("dispatch");
        browser.findElement(By.cssSelector("#dispatch-form button[type=submit]"))
                .click();
        await().until(ExpectedConditions.urlMatches(".*/root/shop/actions/runs/\\d+$"));
        var dispatched = browser.getCurrentUrl();
        assertThat(browser.getCurrentUrl()).isNotEqualTo(firstRunUrl);
        // Open the test job while it runs: its log arrives over the event stream, then the page settles.
        click(By.partialLinkText("test"));
        await().until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//div[@id='log' and @data-stream]//span[contains(.,'say howdy level=high loud=true count=3')]")));
        shot("live-log");
        Files.createFile(dir.resolve("gate-workflow_dispatch"));
        await().until(ExpectedConditions.textToBe(By.id("job-state"), "success"));
        assertThat(text(By.id("log"))).contains("say howdy level=high loud=true count=3");
        shot("dispatched-log");
        browser.get(server.server.url() + "/root/shop/actions");
        assertThat(browser.findElements(By.cssSelector("tr.run.success"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("a.run-title")).getAttribute("href"))
                .isEqualTo(dispatched);
        shot("runs");
    }

    @Test
    @Order(6)
    void aTokenMadeOnTheTokensPageWorksOnceShownAndStopsWhenRevoked() throws IOException {
        browser.get(server.server.url() + "/");
        click(By.linkText("Tokens"));
        browser.findElement(By.name("name")).sendKeys("release pipeline");
        browser.findElement(By.cssSelector("input[name=scope][value='write:packages']"))
                .click();
        new Select(browser.findElement(By.name("days"))).selectByVisibleText("7 days");
        click(By.cssSelector("#new-token-form button[type=submit]"));
        var secret = text(By.id("new-token"));
        shot("tokens");
        assertThat(secret).startsWith("slw_");
        assertThat(text(By.cssSelector("tr.token-row"))).contains("release pipeline", "write:packages", "expires in");

        // the token works with its scope: the API's /user, not a repository's secrets
        var me = server.http.get("/api/v3/user", Http.token(secret));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.raw().headers().firstValue("X-OAuth-Scopes")).contains("write:packages");
        assertThat(server.http
                        .get("/api/v3/repos/root/shop/actions/secrets", Http.token(secret))
                        .status())
                .isEqualTo(404); // private and not in its scopes: as anonymous

        // shown once
        browser.get(server.server.url() + "/-/tokens");
        assertThat(browser.findElements(By.id("new-token"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(secret);

        click(By.xpath("//tr[contains(., 'release pipeline')]//button[.='Revoke']"));
        await().until(d -> d.findElement(By.xpath("//tr[contains(., 'release pipeline')]/td[@class='state']"))
                .getText()
                .equals("revoked"));
        assertThat(server.http.get("/api/v3/user", Http.token(secret)).status()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void aReviewerApprovesAWaitingDeploymentOnTheRunPage() throws IOException {
        long rootId = server.userId(server.admin());
        server.putEnvironment(
                "root/shop",
                "production",
                "{\"reviewers\":[{\"type\":\"User\",\"id\":" + rootId + "}]}",
                server.admin());
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("work");
        git.commit(work, "deploy", ".github/workflows/deploy.yml", DEPLOY);
        git.run(work, "push", "-q", server.cloneUrl("root/shop", Optional.of(token())), "main")
                .ok();
        var dispatched = server.http.post(
                "/api/v3/repos/root/shop/actions/workflows/deploy.yml/dispatches",
                "{\"ref\":\"main\"}",
                server.admin());
        assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(204);
        var run = server.awaitRun(
                "/api/v3/repos/root/shop/actions/runs?event=workflow_dispatch",
                server.admin(),
                r -> r.get("status").asText().equals("waiting"));
        browser.get(server.server.url() + "/root/shop/actions");
        assertThat(browser.findElements(By.cssSelector("tr.run.waiting"))).hasSize(1);
        browser.get(
                server.server.url() + "/root/shop/actions/runs/" + run.get("id").asLong());
        // the card's heading is shown in capitals (CSS); its text is GitHub's
        assertThat(text(By.cssSelector(".pending-deployment h3")))
                .isEqualToIgnoringCase("Waiting for review: production needs approval");
        assertThat(text(By.id("run-state"))).isEqualTo("waiting");
        browser.findElement(By.name("comment")).sendKeys("looks good");
        shot("deployment-review");
        click(By.cssSelector(".pending-deployment button[value=approved]"));
        await().until(ExpectedConditions.textToBe(By.id("run-state"), "success"));
        assertThat(browser.findElements(By.cssSelector(".pending-deployment"))).isEmpty();
        var approvals = server.http
                .get("/api/v3/repos/root/shop/actions/runs/" + run.get("id").asLong() + "/approvals", server.admin())
                .json();
        assertThat(approvals.get(0).get("comment").asText()).isEqualTo("looks good");

        browser.get(server.server.url() + "/root/shop");
        click(By.linkText("Environments"));
        var row = text(By.id("environment-production"));
        assertThat(row).contains("Required reviewers: root", "success", "http://shop.local/production");
        shot("environments");
    }

    private static final String DEPLOY = """
            name: deploy
            on: workflow_dispatch
            jobs:
              deploy:
                runs-on: ubuntu-latest
                environment:
                  name: production
                  url: http://shop.local/${{ steps.go.outputs.where }}
                steps:
                  - id: go
                    run: echo "where=production" >> "$GITHUB_OUTPUT"
            """;

    @Test
    @Order(8)
    void aWorkflowsPageShowsItsBadgeAndDisablesAndEnablesIt() throws IOException {
        browser.get(server.server.url() + "/root/shop/actions");
        click(By.xpath("//aside//a[@title='ci.yml']"));
        // the badge image loads (the private repository's badge is the signed-in reader's to see)
        await().until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("var i = document.querySelector('.workflow-head img');"
                        + " return i != null && i.complete && i.naturalWidth > 0;")));
        assertThat(browser.findElement(By.cssSelector(".workflow-head input.copy"))
                        .getAttribute("value"))
                .contains("/root/shop/actions/workflows/ci.yml/badge.svg");
        click(By.xpath("//button[.='Disable workflow']"));
        await().until(d ->
                !d.findElements(By.xpath("//button[.='Enable workflow']")).isEmpty());
        shot("workflow-disabled");
        // ci's entry, not the deploy workflow's beside it
        assertThat(text(By.xpath("//aside//li[a[@title='ci.yml']]")))
                .contains("disabled")
                .doesNotContain("Run workflow");
        assertThat(server.http
                        .get("/api/v3/repos/root/shop/actions/workflows/ci.yml", server.admin())
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("disabled_manually");
        click(By.xpath("//button[.='Enable workflow']"));
        await().until(d ->
                !d.findElements(By.xpath("//button[.='Disable workflow']")).isEmpty());
        assertThat(server.http
                        .get("/api/v3/repos/root/shop/actions/workflows/ci.yml", server.admin())
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("active");
    }

    @Test
    @Order(9)
    void anAdministratorAddsAWebhookSeesItsDeliveriesAndDeletesIt() throws IOException {
        browser.get(server.server.url() + "/root/shop/pulls");
        click(By.linkText("Webhooks"));
        assertThat(browser.findElements(By.id("no-hooks"))).isNotEmpty();
        // an address that answers 405 to a POST: the delivery is recorded with that answer
        var target = server.server.url() + "/healthz";
        browser.findElement(By.name("url")).sendKeys(target);
        browser.findElement(By.name("secret")).sendKeys("s3cret");
        click(By.cssSelector("#new-hook-form button[type=submit]"));
        await().until(d ->
                !d.findElements(By.cssSelector("section.hook tr.delivery")).isEmpty());
        shot("webhooks");
        // the page's headings are set in capitals
        assertThat(text(By.cssSelector("section.hook")))
                .containsIgnoringCase(target)
                .contains("push, workflow_run", "ping");
        assertThat(text(By.cssSelector("section.hook tr.delivery"))).contains("refused");
        click(By.xpath("//section[contains(@class,'hook')]//button[.='Redeliver']"));
        await().until(d ->
                d.findElements(By.cssSelector("section.hook tr.delivery")).size() == 2);
        var hooks =
                server.http.get("/api/v3/repos/root/shop/hooks", server.admin()).json();
        assertThat(hooks.get(0).get("config").get("secret").asText()).isEqualTo("********");
        click(By.xpath("//button[.='Delete webhook']"));
        await().until(d -> !d.findElements(By.id("no-hooks")).isEmpty());
        assertThat(server.http
                        .get("/api/v3/repos/root/shop/hooks", server.admin())
                        .json())
                .isEmpty();
    }

    @Test
    @Order(9)
    void thePromoteButtonEndsACanarysPause() throws IOException {
        var created = server.http.post("/api/v3/user/repos", "{\"name\":\"svc\"}", server.admin());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var git = new GitCli(dir.resolve("home"));
        var work = dir.resolve("svc");
        var url = server.cloneUrl("root/svc", Optional.of(token()));
        git.initAndCommit(
                work,
                ".github/workflows/deploy.yml",
                RolloutIT.WORKFLOW,
                "svc/app.py",
                RolloutIT.APP,
                "svc/VERSION",
                "v1\n",
                "svc/settings",
                "version=v1\nstrategy=rolling\nsteps=\n");
        git.run(work, "push", "-q", url, "main").ok();
        var service = "/api/v3/repos/root/svc/environments/staging/services/web";
        await().until(d -> server.http.get(service, server.admin()).status() == 200
                && server.http
                        .get(service, server.admin())
                        .json()
                        .get("phase")
                        .asText()
                        .equals("succeeded"));
        Files.writeString(work.resolve("svc/VERSION"), "v2\n");
        Files.writeString(work.resolve("svc/settings"), "version=v2\nstrategy=canary\nsteps=50,pause,100\n");
        git.run(work, "commit", "-q", "-am", "v2").ok();
        git.run(work, "push", "-q", url, "main").ok();
        await().until(d -> server.http
                .get(service, server.admin())
                .json()
                .get("phase")
                .asText()
                .equals("paused"));
        browser.get(server.server.url() + "/root/svc/environments");
        assertThat(text(By.cssSelector("#service-staging-web .canary"))).isEqualTo("v2 (r2)");
        assertThat(text(By.cssSelector("#service-staging-web .stable"))).isEqualTo("v1 (r1)");
        assertThat(browser.findElement(By.cssSelector("#service-staging-web a.service-url"))
                        .getAttribute("href"))
                .startsWith("http://127.0.0.1:");
        shot("service-paused");
        click(By.cssSelector("#service-staging-web button.promote"));
        await().until(d -> {
            d.navigate().refresh();
            return d.findElement(By.cssSelector("#service-staging-web .stable"))
                    .getText()
                    .equals("v2 (r2)");
        });
        assertThat(browser.findElements(By.cssSelector("#service-staging-web button.promote")))
                .isEmpty();
        shot("service-promoted");
    }

    private static String token() {
        var r = server.http.post("/api/v3/user/tokens", "{\"name\":\"push\"}", server.admin());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    /** Waits (bounded) ignoring elements that a live page replaced under the test. */
    private static FluentWait<WebDriver> await() {
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class);
    }

    private static void click(By by) {
        await().until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private static String text(By by) {
        return await().until(d -> d.findElement(by).getText());
    }

    private static void shot(String name) throws IOException {
        var png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve(name + ".png"), png);
    }
}
