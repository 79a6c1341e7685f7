package dev.slipway.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.slipway.server.store.DatabaseTarget.Dialect;
import java.sql.SQLException;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's database: a HikariCP pool, migrated by Flyway when opened, used through JDBI by one
 * repository class per aggregate ({@link #users()}, {@link #runs()}, {@link #queue()}, ...).
 *
 * <p>Opening takes a data directory (embedded H2 in {@code <dir>/db/slipway}), a
 * {@code postgresql://user:password@host:port/database} URL, or a {@code jdbc:h2:}/{@code jdbc:postgresql:}
 * URL. Every failure to open is a {@link StoreException} whose message names the problem. Thread-safe;
 * close it once when the server stops.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Ctx ctx;
    private final String version;

    private Database(HikariDataSource pool, Ctx ctx, String version) {
        this.pool = pool;
        this.ctx = ctx;
        this.version = version;
    }

    /** Opens (and migrates) the database at a data directory or URL, with the system clock. */
    public static Database open(String location) {
        return open(location, Clock.systemUTC());
    }

    /** Opens (and migrates) the database at a data directory or URL; {@code clock} stamps every row. */
    public static Database open(String location, Clock clock) {
        var target = DatabaseTarget.parse(location);
        var pool = connect(target);
        try {
            var version = migrate(pool, target);
            return new Database(pool, new Ctx(Jdbi.create(pool), clock, target.dialect()), version);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Whether {@code location} is a data directory whose embedded database has not been created yet (so it has no
     * users); false for URLs, where it cannot tell without connecting.
     */
    public static boolean isNewDataDirectory(String location) {
        return DatabaseTarget.isNewDataDirectory(location);
    }

    private static HikariDataSource connect(DatabaseTarget target) {
        var config = new HikariConfig();
        config.setPoolName("slipway-store");
        config.setJdbcUrl(target.jdbcUrl());
        target.user().ifPresent(config::setUsername);
        target.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1);
        if (target.dialect() == Dialect.POSTGRESQL) {
            config.addDataSourceProperty("connectTimeout", "10");
            config.addDataSourceProperty("ApplicationName", "slipway");
        }
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException(cannotOpen(target, e), e);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open database " + target.display() + ": " + e.getMessage(), e);
        }
    }

    private static String cannotOpen(DatabaseTarget target, Throwable e) {
        var cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause instanceof SQLException sql && sql.getErrorCode() == 90020) {
                return "database " + target.display()
                        + " is in use by another process (is another Slipway server using this data directory?)";
            }
        }
        var message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        var firstLine = message.lines().findFirst().orElse(message);
        return "cannot open database " + target.display() + ": " + DatabaseTarget.redact(firstLine);
    }

    private static String migrate(HikariDataSource pool, DatabaseTarget target) {
        var config = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                // Refuse a database migrated by a newer Slipway (Flyway ignores "future" ones by default).
                .ignoreMigrationPatterns(new String[0]);
        target.schema().ifPresent(s -> config.schemas(s).defaultSchema(s));
        try {
            var flyway = config.load();
            flyway.migrate();
            var current = flyway.info().current();
            return current == null ? "0" : current.getVersion().getVersion();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate database " + target.display() + ": " + e.getMessage(), e);
        }
    }

    /** The schema version now in the database, such as {@code "1"}. */
    public String schemaVersion() {
        return version;
    }

    /** Users and their passwords. */
    public Users users() {
        return new Users(ctx, Passwords.standard());
    }

    /** Personal access tokens. */
    public Tokens tokens() {
        return new Tokens(ctx);
    }

    /** Repositories and their members. */
    public Repos repos() {
        return new Repos(ctx);
    }

    /** Browser sessions. */
    public Sessions sessions() {
        return new Sessions(ctx);
    }

    /** Workflow runs. */
    public Runs runs() {
        return new Runs(ctx);
    }

    /** Jobs of workflow runs. */
    public Jobs jobs() {
        return new Jobs(ctx);
    }

    /** Steps of jobs. */
    public Steps steps() {
        return new Steps(ctx);
    }

    /** Commit statuses. */
    public Statuses statuses() {
        return new Statuses(ctx);
    }

    /** Run artifacts. */
    public Artifacts artifacts() {
        return new Artifacts(ctx);
    }

    /** Dependency caches. */
    public Caches caches() {
        return new Caches(ctx);
    }

    /** Registry images of hosted repositories and their immutable tag patterns. */
    public Images images() {
        return new Images(ctx);
    }

    /** Releases of repositories. */
    public WorkflowRecords workflows() {
        return new WorkflowRecords(ctx);
    }

    public Hooks hooks() {
        return new Hooks(ctx);
    }

    public Releases releases() {
        return new Releases(ctx);
    }

    /** Files attached to releases (their rows; the bytes are on disk). */
    public ReleaseAssets releaseAssets() {
        return new ReleaseAssets(ctx);
    }

    /** Branch protection rules and their bypasses. */
    public Protections protections() {
        return new Protections(ctx);
    }

    /** Pull requests. */
    public PullRequests pulls() {
        return new PullRequests(ctx);
    }

    /** Reviews and comments of pull requests. */
    public Reviews reviews() {
        return new Reviews(ctx);
    }

    /** Actions secrets of repositories (ciphertext only, see {@link SecretBox}). */
    public Settings secrets() {
        return Settings.secrets(ctx);
    }

    /** Actions configuration variables of repositories. */
    public Settings variables() {
        return Settings.variables(ctx);
    }

    /** Deployment environments of repositories and their protection rules. */
    public Environments environments() {
        return new Environments(ctx);
    }

    /** Actions secrets of environments (ciphertext only, see {@link SecretBox}). */
    public Settings environmentSecrets() {
        return Settings.environmentSecrets(ctx);
    }

    /** Actions configuration variables of environments. */
    public Settings environmentVariables() {
        return Settings.environmentVariables(ctx);
    }

    /** The gates jobs wait at before deploying, and their reviews. */
    public DeploymentGates gates() {
        return new DeploymentGates(ctx);
    }

    /** Deployments and their statuses. */
    public Deployments deployments() {
        return new Deployments(ctx);
    }

    /** Services running in environments, and their releases (ADR 0017). */
    public DeployedServices services() {
        return new DeployedServices(ctx);
    }

    /** Rollouts of services, their events, and environments' scale schedules. */
    public Rollouts rollouts() {
        return new Rollouts(ctx);
    }

    /** The persistent job queue, leases and crash recovery. */
    public JobQueue queue() {
        return new JobQueue(ctx);
    }

    /** Remote agents and their registration tokens. */
    public Agents agents() {
        return new Agents(ctx);
    }

    Ctx ctx() {
        return ctx;
    }

    @Override
    public void close() {
        pool.close();
    }
}
